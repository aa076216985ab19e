using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference.Priors;
using Clv.Probabilistic.Models;

namespace Clv.Probabilistic.Tests.Conformance;

/// <summary>
/// What the conformance checks need to know about one registered model beyond its <see cref="ModelDefinition"/>: where
/// random parameters come from, a typical truth to simulate from, and the tight priors of its calibration. Everything
/// else (data, simulation, fitting, files, predictions) the checks take from the definition itself.
/// </summary>
/// <remarks>Adding a model to the fixture is one subclass and one line in <see cref="ModelCases.All"/>.</remarks>
public abstract class ModelCase
{
    /// <summary>The model under test.</summary>
    public abstract ModelDefinition Definition { get; }

    /// <summary>Per parameter, the range of unconstrained θ that random parameters are drawn from (uniformly).</summary>
    public abstract IReadOnlyList<(double Low, double High)> RandomTheta { get; }

    /// <summary>Natural values of a typical fit (weeks, units of money): the truth of recovery and prediction checks.</summary>
    public abstract IReadOnlyList<double> Truth { get; }

    /// <summary>
    /// Priors of the calibration: tight enough that the posterior of <see cref="CalibrationCustomers"/> simulated
    /// customers is close to normal on the unconstrained scale, so that the Laplace approximation is accurate.
    /// </summary>
    public abstract IReadOnlyList<ParameterPrior> CalibrationPriors { get; }

    /// <summary>Customers simulated per calibration data set.</summary>
    public virtual int CalibrationCustomers => 200;

    /// <summary>Customers simulated for parameter recovery.</summary>
    public virtual int RecoveryCustomers => 50_000;

    /// <summary>Unit of every duration the fixture makes.</summary>
    public TimeUnit TimeUnit => TimeUnit.Weeks;

    /// <summary>Random natural parameter values inside <see cref="RandomTheta"/>.</summary>
    public double[] RandomParameters(Random random)
    {
        var theta = new double[RandomTheta.Count];
        for (int j = 0; j < theta.Length; j++)
            theta[j] = RandomTheta[j].Low + (RandomTheta[j].High - RandomTheta[j].Low) * random.NextDouble();
        return Definition.Parameters.ToNatural(theta);
    }

    /// <summary>
    /// Natural values at which the gradient is checked besides random ones, for example far along a ridge where the
    /// likelihood switches to a special form.
    /// </summary>
    public virtual IReadOnlyList<IReadOnlyList<double>> GradientPoints => [];

    /// <summary>
    /// A random valid summary of <paramref name="customers"/> customers (weight 1 each) that the model can be fitted to,
    /// with T and t_x whole or with two decimals; by default <see cref="RandomData.Summary"/>, which suits any model of
    /// repeat purchases and their mean value.
    /// </summary>
    public virtual RfmSummary RandomSummary(Random random, int customers, bool wholeT = false, bool wholeRecency = false) =>
        RandomData.Summary(random, customers, TimeUnit, wholeT, wholeRecency);

    /// <summary>
    /// Customers simulated by the model's own simulator at natural values <paramref name="values"/>: a purchase model
    /// simulates (x, t_x, T) over observation lengths of 26 to 39 weeks; a spend model simulates z̄ for the purchase
    /// histories of <see cref="RandomData.PurchaseHistories"/>.
    /// </summary>
    public virtual RfmSummary Simulate(IReadOnlyList<double> values, int customers, int seed)
    {
        var natural = values.ToArray();
        var random = new MathNet.Numerics.Random.Xoshiro256StarStar(seed);
        if (Definition.Kind == ModelKind.Purchase)
        {
            var lengths = new double[customers];
            for (int i = 0; i < customers; i++) lengths[i] = 26 + 13 * random.NextDouble();
            return Definition.CreatePurchaseModel(natural, TimeUnit).Simulate(lengths, random.Next()).Summary;
        }
        var histories = RandomData.PurchaseHistories(customers, random.Next(), TimeUnit);
        var spend = Definition.CreateSpendModel(natural).SimulateMeanSpend(histories.Frequency, random.Next());
        return RandomData.WithMonetaryValue(histories, spend);
    }

    /// <inheritdoc />
    public override string ToString() => Definition.Name;
}
