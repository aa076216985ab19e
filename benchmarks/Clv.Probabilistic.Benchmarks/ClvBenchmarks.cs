using BenchmarkDotNet.Attributes;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.GammaGamma;
using Clv.Probabilistic.Valuation;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace Clv.Probabilistic.Benchmarks;

/// <summary>
/// CLV of 10^6 customers over 12 monthly periods (point estimates), with the Gamma-Gamma spend model.
/// </summary>
[MemoryDiagnoser]
public class ClvBenchmarks
{
    private RfmSummary _customers = null!;
    private IPurchaseModel _purchases = null!;
    private ISpendModel _spend = null!;
    private ClvOptions _discrete = null!;
    private ClvOptions _continuous = null!;

    [Params(1_000_000)]
    public int Customers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _customers = SyntheticCustomers.Create(Customers, seed: 42);
        _purchases = new ExponentialDropoutPoissonModel(TimeUnit.Weeks, mu: 0.02);
        _spend = new GammaGammaSpendModel(new GammaGammaParameters(6.25, 3.74, 15.44));
        _discrete = ClvOptions.Monthly(12, DiscountRate.PerMonth(0.01), margin: 0.3);
        _continuous = new ClvOptions(12, TimeUnit.Months, DiscountRate.PerMonth(0.01), DiscountingKind.Continuous, 0.3);
    }

    [Benchmark]
    public double Discrete12Months() => CustomerLifetimeValue.Compute(_purchases, _spend, _customers, _discrete).Total;

    [Benchmark]
    public double Continuous12Months() => CustomerLifetimeValue.Compute(_purchases, _spend, _customers, _continuous).Total;
}

/// <summary>Synthetic RFM summaries shaped like CDNOW (weeks, T up to 39, a majority without repeat purchases).</summary>
internal static class SyntheticCustomers
{
    public static RfmSummary Create(int count, int seed)
    {
        var random = new Xoshiro256StarStar(seed);
        var ids = new string[count];
        var x = new double[count];
        var tx = new double[count];
        var t = new double[count];
        var z = new double[count];
        for (int i = 0; i < count; i++)
        {
            ids[i] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            t[i] = 27 + 12 * random.NextDouble();
            x[i] = random.NextDouble() < 0.6 ? 0 : 1 + Poisson.Sample(random, 2.0);
            tx[i] = x[i] == 0 ? 0 : t[i] * random.NextDouble();
            z[i] = x[i] == 0 ? 0 : Gamma.Sample(random, 6.25 * x[i], x[i] * Gamma.Sample(random, 3.74, 15.44));
        }
        return new RfmSummary(ids, x, tx, t, z, TimeUnit.Weeks);
    }
}

/// <summary>
/// Stand-in purchase model until BG/NBD is on main: Poisson purchases at λ = (x + 1)/T with exponential dropout at rate
/// μ, E[Y(t)] = λ (1 − e^(−μt))/μ; one exponential per row per time, as a closed-form model would cost.
/// </summary>
internal sealed class ExponentialDropoutPoissonModel(TimeUnit timeUnit, double mu) : IPurchaseModel
{
    public TimeUnit TimeUnit { get; } = timeUnit;

    public void ConditionalExpectedPurchases(RfmSummary summary, double t, Span<double> destination)
    {
        ReadOnlySpan<double> x = summary.Frequency, tt = summary.T;
        for (int i = 0; i < destination.Length; i++)
            destination[i] = (x[i] + 1) / tt[i] * -double.ExpM1(-mu * t * (1 + 0.01 * x[i])) / mu;
    }
}
