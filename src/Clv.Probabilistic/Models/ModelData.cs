using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Models;

/// <summary>What a fit was made on, in numbers a reader can check against their own data.</summary>
/// <param name="Customers">Customers the likelihood counts (sum of weights).</param>
/// <param name="Rows">Rows of the summary given.</param>
/// <param name="CompressedRows">Rows the likelihood evaluates after merging identical rows.</param>
/// <param name="ExcludedCustomers">Customers the model does not use (for Gamma-Gamma, those without repeat purchases).</param>
/// <param name="TimeUnit">Unit of the durations.</param>
public sealed record DataDescription(double Customers, int Rows, int CompressedRows, double ExcludedCustomers, TimeUnit TimeUnit);

/// <summary>
/// A model's data as its likelihood consumes it (for example compressed rows with weights), prepared once per fit by
/// <see cref="ModelDefinition.Prepare"/>.
/// </summary>
public abstract class ModelData
{
    /// <summary>Creates the data with its description.</summary>
    protected ModelData(DataDescription description) =>
        Description = description ?? throw new ArgumentNullException(nameof(description));

    /// <summary>What the data hold.</summary>
    public DataDescription Description { get; }
}
