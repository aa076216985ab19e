using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Models.Covariates;

/// <summary>
/// A spend model with static covariates at fixed parameter values: each customer's expected spend comes from the model at
/// that customer's own parameters, found by customer id in the definition's covariates; population quantities average
/// over the covariates' customers.
/// </summary>
public sealed class CovariateSpendModel : ISpendModel
{
    private readonly CovariateDefinition _definition;
    private readonly double[] _values;
    private readonly CustomerModels<ISpendModel> _models;

    internal CovariateSpendModel(CovariateDefinition definition, double[] values)
    {
        _definition = definition;
        _values = values;
        _models = new CustomerModels<ISpendModel>(definition, AtRow);
    }

    /// <summary>The definition, with the covariates it looks customers up in.</summary>
    public CovariateDefinition Definition => _definition;

    /// <inheritdoc />
    public double PopulationMeanSpend => _models.Population.Sum(p => p.Share * p.Model.PopulationMeanSpend);

    /// <summary>The model at the parameters of customer <paramref name="customerId"/>.</summary>
    /// <exception cref="ClvDataException">The covariates have no row for this customer.</exception>
    public ISpendModel ForCustomer(string customerId) => _models.ForRow(_definition.Covariates.RequireRow(customerId));

    /// <inheritdoc />
    public void ConditionalExpectedSpend(RfmSummary summary, Span<double> destination)
        => PerGroup(summary, destination, (model, part, values) => model.ConditionalExpectedSpend(part, values));

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">Always: the customer's covariates are needed; use <see cref="ForCustomer"/>.</exception>
    public double SimulateFutureValue(double x, double meanSpend, int purchases, Random random) =>
        throw new InvalidOperationException("A model with covariates simulates a customer at that customer's parameters: call ForCustomer(id) first.");

    /// <inheritdoc />
    /// <remarks>Simulated customer i has the covariates of the covariates' row i modulo their number.</remarks>
    public double[] SimulateMeanSpend(ReadOnlySpan<double> frequency, int seed)
    {
        int n = frequency.Length, rows = _definition.Covariates.Count;
        var result = new double[n];
        var groups = CustomerGroups.Group(_definition.Covariates, n, i => i % rows);
        for (int g = 0; g < groups.Count; g++)
        {
            var (row, members) = groups[g];
            var part = new double[members.Length];
            for (int k = 0; k < members.Length; k++) part[k] = frequency[members[k]];
            var spend = _models.ForRow(row).SimulateMeanSpend(part, unchecked(seed * 1_000_003 + g));
            for (int k = 0; k < members.Length; k++) result[members[k]] = spend[k];
        }
        return result;
    }

    private void PerGroup(RfmSummary summary, Span<double> destination, Action<ISpendModel, RfmSummary, double[]> fill)
    {
        ArgumentNullException.ThrowIfNull(summary);
        CustomerGroups.Scatter(summary, Definition.Covariates, destination, (row, part, values) => fill(_models.ForRow(row), part, values));
    }

    private ISpendModel AtRow(int row) => _definition.Model.CreateSpendModel(_definition.CustomerParameters(_values, _definition.Covariates.Row(row)));
}
