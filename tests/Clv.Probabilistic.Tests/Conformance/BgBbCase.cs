using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Inference.Priors;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgBb;

namespace Clv.Probabilistic.Tests.Conformance;

/// <summary>BG/BB (α, β, γ, δ) in the conformance fixture: discrete histories (x, t_x, n) in whole periods.</summary>
public sealed class BgBbCase : ModelCase
{
    /// <inheritdoc />
    public override ModelDefinition Definition => BgBbDefinition.Instance;

    /// <inheritdoc />
    /// <remarks>ln of each shape in [−2.5, 2.5]: transaction and drop-out probabilities from near 0 or 1 to near-uniform.</remarks>
    public override IReadOnlyList<(double Low, double High)> RandomTheta { get; } = [(-2.5, 2.5), (-2.5, 2.5), (-2.5, 2.5), (-2.5, 2.5)];

    /// <inheritdoc />
    /// <remarks>The donations estimate of Fader, Hardie &amp; Shang (2010): α 1.204, β 0.750, γ 0.657, δ 2.783.</remarks>
    public override IReadOnlyList<double> Truth { get; } = [1.204, 0.750, 0.657, 2.783];

    /// <inheritdoc />
    public override IReadOnlyList<ParameterPrior> CalibrationPriors { get; } =
        [new LogNormalPrior(1.2, 0.5), new LogNormalPrior(0.75, 0.5), new LogNormalPrior(0.66, 0.5), new LogNormalPrior(2.8, 0.5)];

    /// <inheritdoc />
    /// <remarks>
    /// Discrete histories whatever the flags ask: n uniform on 1..200; x = 0 for 30%, otherwise t_x uniform on 1..n and x
    /// uniform on 1..t_x (so that 100,000 customers give more than 50,000 distinct rows).
    /// </remarks>
    public override RfmSummary RandomSummary(Random random, int customers, bool wholeT = false, bool wholeRecency = false)
    {
        var x = new double[customers];
        var recency = new double[customers];
        var n = new double[customers];
        var ids = new string[customers];
        for (int i = 0; i < customers; i++)
        {
            ids[i] = i.ToString(CultureInfo.InvariantCulture);
            n[i] = 1 + random.Next(200);
            if (random.NextDouble() < 0.3) continue;
            recency[i] = 1 + random.Next((int)n[i]);
            x[i] = 1 + random.Next((int)recency[i]);
        }
        return new RfmSummary(ids, x, recency, n, default, TimeUnit);
    }

    /// <inheritdoc />
    /// <remarks>The model's own simulator, n uniform on 4..12 opportunities.</remarks>
    public override RfmSummary Simulate(IReadOnlyList<double> values, int customers, int seed)
    {
        var random = new MathNet.Numerics.Random.Xoshiro256StarStar(seed);
        var periods = new int[customers];
        for (int i = 0; i < customers; i++) periods[i] = 4 + random.Next(9);
        return Definition.CreateDiscretePurchaseModel(values.ToArray(), TimeUnit).Simulate(periods, random.Next()).Calibration;
    }
}
