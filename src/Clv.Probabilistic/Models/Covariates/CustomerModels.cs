namespace Clv.Probabilistic.Models.Covariates;

/// <summary>
/// The model at each distinct covariate row of a definition's customers, made when first asked for and shared by every
/// customer with those covariates; and the population of the customers as (model, share) pairs.
/// </summary>
/// <typeparam name="TModel">The fitted form (purchase, spend or discrete purchase model).</typeparam>
internal sealed class CustomerModels<TModel>(CovariateDefinition definition, Func<int, TModel> atRow)
    where TModel : class
{
    private readonly TModel?[] _models = new TModel?[definition.MatrixGroups.Representatives.Length];

    /// <summary>The model of covariate row <paramref name="row"/>.</summary>
    public TModel ForRow(int row) => Of(definition.MatrixGroups.GroupOfRow[row]);

    /// <summary>Each distinct covariate row's model with the share of the customers who have it.</summary>
    public IEnumerable<(TModel Model, double Share)> Population
    {
        get
        {
            var groups = definition.MatrixGroups;
            for (int g = 0; g < groups.Representatives.Length; g++)
                yield return (Of(g), (double)groups.Sizes[g] / groups.GroupOfRow.Length);
        }
    }

    private TModel Of(int group) =>
        Volatile.Read(ref _models[group]) ?? Interlocked.CompareExchange(ref _models[group], Make(definition.MatrixGroups.Representatives[group]), null)
        ?? _models[group]!;

    private TModel Make(int row)
    {
        try
        {
            return atRow(row);
        }
        catch (ArgumentOutOfRangeException e)
        {
            // The customer's own parameters (the model's times e^{±γ·z}) left the supported range although the coefficients lie inside it.
            throw new ArgumentOutOfRangeException(e.ParamName, e.ActualValue,
                $"Customer '{definition.Covariates.CustomerIds[row]}' (and any with the same covariates): {FirstLine(e.Message)}");
        }
    }

    private static string FirstLine(string message)
    {
        int end = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }
}

/// <summary>The distinct covariate rows of a definition's customers: each row's group, each group's first row and size.</summary>
internal sealed record MatrixGroups(int[] GroupOfRow, int[] Representatives, int[] Sizes);
