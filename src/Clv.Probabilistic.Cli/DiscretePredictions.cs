using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Persistence;

namespace Clv.Probabilistic.Cli;

/// <summary>
/// Per-customer predictions of a discrete-opportunity model (BG/BB) over a horizon of whole periods: P(alive at the next
/// opportunity), expected transactions, and optionally the discounted expected residual transactions (DERT).
/// </summary>
internal sealed class DiscretePredictions
{
    private DiscretePredictions(RfmSummary customers, double[] expected, double[] alive, double[]? discounted)
    {
        Customers = customers;
        ExpectedTransactions = expected;
        ProbabilityAlive = alive;
        Discounted = discounted;
    }

    public RfmSummary Customers { get; }

    public double[] ExpectedTransactions { get; }

    public double[] ProbabilityAlive { get; }

    public double[]? Discounted { get; }

    /// <summary>Computes the predictions; <paramref name="dertRate"/> (per period) adds DERT.</summary>
    public static DiscretePredictions Compute(IDiscretePurchaseModel model, RfmSummary customers, int horizon, double? dertRate)
    {
        var expected = new double[customers.Count];
        var alive = new double[customers.Count];
        model.ConditionalExpectedTransactions(customers, horizon, expected);
        model.ProbabilityAlive(customers, alive);
        double[]? discounted = null;
        if (dertRate is double rate)
        {
            discounted = new double[customers.Count];
            model.DiscountedExpectedTransactions(customers, rate, discounted);
        }
        return new DiscretePredictions(customers, expected, alive, discounted);
    }

    /// <summary>Writes <c>customer_id,expected_purchases,p_alive[,discounted_expected_purchases]</c> in full precision.</summary>
    public void WriteCsv(string path) => AtomicFile.Write(path, stream =>
        CsvRows.Write(stream, Discounted is null ? "customer_id,expected_purchases,p_alive\n" : "customer_id,expected_purchases,p_alive,discounted_expected_purchases\n",
            Customers.Count, (line, i) =>
            {
                line.Id(Customers, i);
                line.Number(ExpectedTransactions[i]);
                line.Number(ProbabilityAlive[i]);
                if (Discounted is not null) line.Number(Discounted[i]);
                line.NewLine();
            }));
}
