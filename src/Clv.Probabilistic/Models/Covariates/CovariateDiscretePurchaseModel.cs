using System.Globalization;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Models.Covariates;

/// <summary>
/// A discrete-opportunity purchase model (BG/BB) with static covariates at fixed parameter values: each customer's
/// predictions come from the model at that customer's own parameters, found by customer id; quantities of a random
/// customer average over the covariates' customers.
/// </summary>
public sealed class CovariateDiscretePurchaseModel : IDiscretePurchaseModel
{
    private readonly CovariateDefinition _definition;
    private readonly double[] _values;
    private readonly TimeUnit _period;
    private readonly CustomerModels<IDiscretePurchaseModel> _models;

    internal CovariateDiscretePurchaseModel(CovariateDefinition definition, double[] values, TimeUnit period)
    {
        _definition = definition;
        _values = values;
        _period = period;
        _models = new CustomerModels<IDiscretePurchaseModel>(definition, AtRow);
    }

    /// <summary>The definition, with the covariates it looks customers up in.</summary>
    public CovariateDefinition Definition => _definition;

    /// <summary>The model at the parameters of customer <paramref name="customerId"/>.</summary>
    /// <exception cref="ClvDataException">The covariates have no row for this customer.</exception>
    public IDiscretePurchaseModel ForCustomer(string customerId) => _models.ForRow(_definition.Covariates.RequireRow(customerId));

    /// <inheritdoc />
    public double ExpectedTransactions(int periods) => _models.Population.Sum(p => p.Share * p.Model.ExpectedTransactions(periods));

    /// <inheritdoc />
    public double ProbabilityOfTransactions(int periods, int transactions) =>
        _models.Population.Sum(p => p.Share * p.Model.ProbabilityOfTransactions(periods, transactions));

    /// <inheritdoc />
    public void ProbabilityAlive(RfmSummary summary, Span<double> destination)
        => PerGroup(summary, destination, (model, part, values) => model.ProbabilityAlive(part, values));

    /// <inheritdoc />
    public void ConditionalExpectedTransactions(RfmSummary summary, int periods, Span<double> destination)
        => PerGroup(summary, destination, (model, part, values) => model.ConditionalExpectedTransactions(part, periods, values));

    /// <inheritdoc />
    public void ConditionalProbabilityOfTransactions(RfmSummary summary, int periods, int transactions, Span<double> destination)
        => PerGroup(summary, destination, (model, part, values) => model.ConditionalProbabilityOfTransactions(part, periods, transactions, values));

    /// <inheritdoc />
    public void DiscountedExpectedTransactions(RfmSummary summary, double discountRate, Span<double> destination)
        => PerGroup(summary, destination, (model, part, values) => model.DiscountedExpectedTransactions(part, discountRate, values));

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">Always: the customer's covariates are needed; use <see cref="ForCustomer"/>.</exception>
    public int SimulateFutureTransactions(int frequency, int recency, int periods, int horizon, Random random) =>
        throw new InvalidOperationException("A model with covariates simulates a customer at that customer's parameters: call ForCustomer(id) first.");

    /// <inheritdoc />
    /// <remarks>Simulated customer i has the covariates of the covariates' row i modulo their number.</remarks>
    public CalibrationHoldoutSummary Simulate(ReadOnlySpan<int> periods, int seed, int holdoutPeriods = 0)
    {
        int n = periods.Length, rows = _definition.Covariates.Count;
        var groups = CustomerGroups.Group(_definition.Covariates, n, i => i % rows);
        double[] f = new double[n], r = new double[n], t = new double[n], holdout = new double[n], duration = new double[n];
        for (int g = 0; g < groups.Count; g++)
        {
            var (row, members) = groups[g];
            var lengths = new int[members.Length];
            for (int k = 0; k < members.Length; k++) lengths[k] = periods[members[k]];
            var part = _models.ForRow(row).Simulate(lengths, unchecked(seed * 1_000_003 + g), holdoutPeriods);
            for (int k = 0; k < members.Length; k++)
            {
                int i = members[k];
                f[i] = part.Calibration.Frequency[k];
                r[i] = part.Calibration.Recency[k];
                t[i] = part.Calibration.T[k];
                holdout[i] = part.FrequencyHoldout[k];
                duration[i] = part.DurationHoldout[k];
            }
        }
        var ids = Enumerable.Range(1, n).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var calibration = new RfmSummary(ids, f, r, t, new double[n], Enumerable.Repeat(1.0, n).ToArray(), _period, validate: false);
        return new CalibrationHoldoutSummary(calibration, holdout, new double[n], duration);
    }

    private void PerGroup(RfmSummary summary, Span<double> destination, Action<IDiscretePurchaseModel, RfmSummary, double[]> fill)
    {
        ArgumentNullException.ThrowIfNull(summary);
        CustomerGroups.Scatter(summary, Definition.Covariates, destination, (row, part, values) => fill(_models.ForRow(row), part, values));
    }

    private IDiscretePurchaseModel AtRow(int row) =>
        _definition.Model.CreateDiscretePurchaseModel(_definition.CustomerParameters(_values, _definition.Covariates.Row(row)), _period);
}
