using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Sampling;

namespace Clv.Probabilistic.Models.Covariates;

/// <summary>
/// ℓ(θ, γ) = Σ_groups ℓ_model(θ + shift_g), shift_g the links' Sign·γ_process·z_g on the log scale of the linked
/// parameters, with the gradient by the chain rule. Groups are summed in a fixed order, so the value is the same for any
/// thread count whenever the model's own likelihood is.
/// </summary>
internal sealed class CovariateLogLikelihood : IParallelLogDensity
{
    private readonly CovariateDefinition _definition;
    private readonly CovariateGroup[] _groups;
    private readonly ILogDensity[] _densities;
    private int _maxDegreeOfParallelism = -1;

    public CovariateLogLikelihood(CovariateDefinition definition, CovariateData data)
    {
        _definition = definition;
        _groups = data.Groups.ToArray();
        _densities = _groups.Select(g => definition.Model.LogLikelihood(g.Data)).ToArray();
    }

    public int Dimension => _definition.Parameters.Dimension;

    public int MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism;
        set
        {
            _maxDegreeOfParallelism = value;
            foreach (var d in _densities)
                if (d is IParallelLogDensity parallel) parallel.MaxDegreeOfParallelism = value;
        }
    }

    public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        if (theta.Length != Dimension || gradient.Length != Dimension)
            throw new ArgumentException($"The likelihood has {Dimension} parameters; got θ of length {theta.Length} and gradient of length {gradient.Length}.");
        gradient.Clear();
        int m = _definition.ModelDimension;
        Span<double> shifted = stackalloc double[m];
        Span<double> groupGradient = stackalloc double[m];
        double total = 0;
        for (int g = 0; g < _groups.Length; g++)
        {
            _definition.Shift(theta, _groups[g].Z, shifted);
            for (int j = 0; j < m; j++) shifted[j] += theta[j];
            double value = _densities[g].Evaluate(shifted, groupGradient);
            if (!(value > double.NegativeInfinity) || double.IsNaN(value))
            {
                gradient.Clear();
                return double.NegativeInfinity;
            }
            total += value;
            for (int j = 0; j < m; j++) gradient[j] += groupGradient[j];
            _definition.AddCoefficientGradient(groupGradient, _groups[g].Z, gradient);
        }
        return total;
    }
}
