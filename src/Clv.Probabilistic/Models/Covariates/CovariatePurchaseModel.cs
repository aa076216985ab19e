using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Models.Covariates;

/// <summary>
/// A purchase model with static covariates at fixed parameter values: each customer's predictions come from the model at
/// that customer's own parameters (<see cref="CovariateDefinition.CustomerParameters"/>), found by customer id in the
/// definition's covariates. Quantities of a random customer (E[X(t)], P(X(t) = n), simulation) average over the
/// covariates' customers.
/// </summary>
public class CovariatePurchaseModel : IPurchaseModel
{
    private readonly CovariateDefinition _definition;
    private readonly double[] _values;
    private readonly CustomerModels<IPurchaseModel> _models;

    internal CovariatePurchaseModel(CovariateDefinition definition, double[] values, TimeUnit timeUnit)
    {
        _definition = definition;
        _values = values;
        TimeUnit = timeUnit;
        _models = new CustomerModels<IPurchaseModel>(definition, AtRow);
    }

    /// <inheritdoc />
    public TimeUnit TimeUnit { get; }

    /// <summary>The definition, with the covariates it looks customers up in.</summary>
    public CovariateDefinition Definition => _definition;

    /// <inheritdoc />
    /// <remarks>False: the factor after P(alive) depends on each customer's parameters, not on (x, T) alone.</remarks>
    public bool ExpectationFactorsThroughAlive => false;

    /// <summary>The model at the parameters of customer <paramref name="customerId"/>.</summary>
    /// <exception cref="ClvDataException">The covariates have no row for this customer.</exception>
    public IPurchaseModel ForCustomer(string customerId) => _models.ForRow(_definition.Covariates.RequireRow(customerId));

    /// <inheritdoc />
    public double ExpectedPurchases(double t)
    {
        double sum = 0;
        foreach (var (model, share) in _models.Population) sum += share * model.ExpectedPurchases(t);
        return sum;
    }

    /// <inheritdoc />
    public double LogProbabilityOfPurchases(double t, int n)
    {
        double sum = 0;
        foreach (var (model, share) in _models.Population) sum += share * Math.Exp(model.LogProbabilityOfPurchases(t, n));
        return Math.Log(sum);
    }

    /// <inheritdoc />
    public void ProbabilityAlive(RfmSummary summary, Span<double> destination)
        => PerGroup(summary, destination, (model, part, values) => model.ProbabilityAlive(part, values));

    /// <inheritdoc />
    public void ConditionalExpectedPurchases(RfmSummary summary, double t, Span<double> destination)
        => PerGroup(summary, destination, (model, part, values) => model.ConditionalExpectedPurchases(part, t, values));

    /// <inheritdoc />
    public void ConditionalProbabilityOfPurchases(RfmSummary summary, double t, int n, Span<double> destination)
        => PerGroup(summary, destination, (model, part, values) => model.ConditionalProbabilityOfPurchases(part, t, n, values));

    /// <inheritdoc />
    public void ExpectedCumulativeRepeatPurchases(ReadOnlySpan<double> firstPurchaseOffsets, ReadOnlySpan<double> times, Span<double> destination)
    {
        destination.Clear();
        var part = new double[destination.Length];
        foreach (var (model, share) in _models.Population)
        {
            model.ExpectedCumulativeRepeatPurchases(firstPurchaseOffsets, times, part);
            for (int i = 0; i < part.Length; i++) destination[i] += share * part[i];
        }
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">Always: the customer's covariates are needed; use <see cref="ForCustomer"/>.</exception>
    public int SimulateFuturePurchases(double x, double recency, double t, double horizon, Random random) =>
        throw new InvalidOperationException("A model with covariates simulates a customer at that customer's parameters: call ForCustomer(id) first.");

    /// <inheritdoc />
    /// <remarks>Simulated customer i has the covariates of the covariates' row i modulo their number.</remarks>
    public PurchaseSimulation Simulate(ReadOnlySpan<double> observationLengths, int seed, double holdoutLength = 0, bool wholeUnits = false)
    {
        int n = observationLengths.Length, rows = _definition.Covariates.Count;
        var groups = CustomerGroups.Group(_definition.Covariates, n, i => i % rows);
        double[] f = new double[n], r = new double[n], t = new double[n], holdout = new double[n];
        var ids = new string[n];
        for (int g = 0; g < groups.Count; g++)
        {
            var (row, members) = groups[g];
            var lengths = new double[members.Length];
            for (int k = 0; k < members.Length; k++) lengths[k] = observationLengths[members[k]];
            var part = _models.ForRow(row).Simulate(lengths, unchecked(seed * 1_000_003 + g), holdoutLength, wholeUnits);
            for (int k = 0; k < members.Length; k++)
            {
                int i = members[k];
                f[i] = part.Summary.Frequency[k];
                r[i] = part.Summary.Recency[k];
                t[i] = part.Summary.T[k];
                holdout[i] = part.HoldoutPurchases[k];
                ids[i] = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        var summary = new RfmSummary(ids, f, r, t, new double[n], Enumerable.Repeat(1.0, n).ToArray(), TimeUnit, validate: false);
        return new PurchaseSimulation(summary, holdout, holdoutLength);
    }

    private protected void PerGroup(RfmSummary summary, Span<double> destination, Action<IPurchaseModel, RfmSummary, double[]> fill)
    {
        ArgumentNullException.ThrowIfNull(summary);
        CustomerGroups.Scatter(summary, Definition.Covariates, destination, (row, part, values) => fill(_models.ForRow(row), part, values));
    }

    private IPurchaseModel AtRow(int row) =>
        _definition.Model.CreatePurchaseModel(_definition.CustomerParameters(_values, _definition.Covariates.Row(row)), TimeUnit);
}

/// <summary>
/// A <see cref="CovariatePurchaseModel"/> of a model with closed-form discounted expected residual transactions
/// (Pareto/NBD): DERT per customer at the customer's own parameters.
/// </summary>
public sealed class CovariateDiscountedPurchaseModel : CovariatePurchaseModel, IDiscountedResidualPurchases
{
    internal CovariateDiscountedPurchaseModel(CovariateDefinition definition, double[] values, TimeUnit timeUnit)
        : base(definition, values, timeUnit)
    {
    }

    /// <inheritdoc />
    public void DiscountedExpectedResidualPurchases(RfmSummary summary, double delta, Span<double> destination)
        => PerGroup(summary, destination, (model, part, values) => ((IDiscountedResidualPurchases)model).DiscountedExpectedResidualPurchases(part, delta, values));
}
