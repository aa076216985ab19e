using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Inference.Priors;
using Clv.Probabilistic.Models;
using MathNet.Numerics;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace Clv.Probabilistic.Tests.Reporting;

/// <summary>The parameters of <see cref="NbdTestDefinition"/>.</summary>
public sealed record NbdTestParameters(double R, double Alpha);

/// <summary>
/// A purchase model that is not BG/NBD, so that reports can be shown to need nothing but the model definition: the NBD
/// (Ehrenberg 1959; Gamma(r, α) purchase rates, no drop-out). For x purchases in (0, T] the likelihood is
/// Γ(r + x)/Γ(r) α^r / (α + T)^(r + x) (up to a factor free of the parameters); E[X(t)] = r t / α;
/// P(X(t) = n) = Γ(r + n)/(Γ(r) n!) (α/(α + t))^r (t/(α + t))^n; every customer is alive; E[Y(t) | x, T] = (r + x) t / (α + T).
/// </summary>
public sealed class NbdTestDefinition : ModelDefinition<NbdTestParameters, NbdTestModel>
{
    private static readonly ParameterSpace Space = ParameterSpace.Positive(("r", "shape of the purchase rates"), ("alpha", "rate of the purchase rates"));

    public static NbdTestDefinition Instance { get; } = new();

    public override string Name => "nbd-test";

    public override string DisplayName => "NBD (test)";

    public override ModelKind Kind => ModelKind.Purchase;

    public override string Reference => "Ehrenberg (1959), The pattern of consumer purchases";

    public override ParameterSpace Parameters => Space;

    public override ModelData Prepare(RfmSummary summary) => new NbdData(summary);

    public override ILogDensity LogLikelihood(ModelData data) => new Likelihood(((NbdData)data).Summary);

    public override double[] StartingValues(ModelData data) => [1, 1];

    public override IReadOnlyList<ParameterPrior> DefaultPriors(ModelData data) => [new LogNormalPrior(1, 2), new LogNormalPrior(1, 2)];

    public override NbdTestParameters CreateParameters(ReadOnlySpan<double> values) => new(values[0], values[1]);

    public override double[] ToValues(NbdTestParameters parameters) => [parameters.R, parameters.Alpha];

    public override NbdTestModel CreateModel(NbdTestParameters parameters, TimeUnit timeUnit) => new(parameters, timeUnit);

    private sealed class NbdData(RfmSummary summary)
        : ModelData(new DataDescription(summary.TotalWeight, summary.Count, summary.Count, 0, summary.TimeUnit))
    {
        public RfmSummary Summary { get; } = summary;
    }

    private sealed class Likelihood(RfmSummary summary) : ILogDensity
    {
        public int Dimension => 2;

        public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
        {
            double r = Math.Exp(theta[0]), alpha = Math.Exp(theta[1]), value = 0, dr = 0, dalpha = 0;
            for (int i = 0; i < summary.Count; i++)
            {
                double x = summary.Frequency[i], t = summary.T[i], w = summary.Weights[i];
                value += w * (SpecialFunctions.GammaLn(r + x) - SpecialFunctions.GammaLn(r) + r * Math.Log(alpha) - (r + x) * Math.Log(alpha + t));
                dr += w * (SpecialFunctions.DiGamma(r + x) - SpecialFunctions.DiGamma(r) + Math.Log(alpha) - Math.Log(alpha + t));
                dalpha += w * (r / alpha - (r + x) / (alpha + t));
            }
            gradient[0] = r * dr;
            gradient[1] = alpha * dalpha;
            return value;
        }
    }
}

/// <summary>The NBD model at known parameters.</summary>
public sealed class NbdTestModel(NbdTestParameters parameters, TimeUnit timeUnit) : IPurchaseModel
{
    public NbdTestParameters Parameters { get; } = parameters;

    public TimeUnit TimeUnit { get; } = timeUnit;

    public double ExpectedPurchases(double t) => Parameters.R * t / Parameters.Alpha;

    public double LogProbabilityOfPurchases(double t, int n)
    {
        double r = Parameters.R, alpha = Parameters.Alpha;
        return SpecialFunctions.GammaLn(r + n) - SpecialFunctions.GammaLn(r) - SpecialFunctions.FactorialLn(n)
            + r * Math.Log(alpha / (alpha + t)) + (n == 0 ? 0 : n * Math.Log(t / (alpha + t)));
    }

    public void ProbabilityAlive(RfmSummary summary, Span<double> destination) => destination.Fill(1);

    public void ConditionalExpectedPurchases(RfmSummary summary, double t, Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++)
            destination[i] = (Parameters.R + summary.Frequency[i]) * t / (Parameters.Alpha + summary.T[i]);
    }

    public void ExpectedCumulativeRepeatPurchases(ReadOnlySpan<double> firstPurchaseOffsets, ReadOnlySpan<double> times, Span<double> destination) =>
        CohortExpectation.CumulativeRepeatPurchases(ExpectedPurchases, firstPurchaseOffsets, times, destination);

    public int SimulateFuturePurchases(double x, double recency, double t, double horizon, Random random) =>
        Poisson.Sample(random, Gamma.Sample(random, Parameters.R + x, Parameters.Alpha + t) * horizon);

    public PurchaseSimulation Simulate(ReadOnlySpan<double> observationLengths, int seed, double holdoutLength = 0, bool wholeUnits = false)
    {
        var random = new Xoshiro256StarStar(seed);
        int n = observationLengths.Length;
        double[] x = new double[n], tx = new double[n], holdout = new double[n];
        for (int i = 0; i < n; i++)
        {
            double rate = Gamma.Sample(random, Parameters.R, Parameters.Alpha), time = 0;
            while ((time += Exponential.Sample(random, rate)) <= observationLengths[i])
            {
                x[i]++;
                tx[i] = wholeUnits ? Math.Floor(time) : time;
            }
            holdout[i] = Poisson.Sample(random, rate * holdoutLength);
        }
        var ids = Enumerable.Range(0, n).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return new PurchaseSimulation(new RfmSummary(ids, x, tx, observationLengths.ToArray(), default, TimeUnit), holdout, holdoutLength);
    }
}
