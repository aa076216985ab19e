using BenchmarkDotNet.Attributes;
using Clv.Probabilistic.Models.BgNbd;

namespace Clv.Probabilistic.Benchmarks;

/// <summary>
/// ns per E[X(t)] (FHL 2005 eq. 7) at the CDNOW estimates (r = 0.243, α = 4.414, b = 2.426) with a = 0.793 or a just
/// above 1, at t/α = 10 (series), 10³ (₂F₁ near z = 1) and 10¹² (z within 10⁻¹² of 1); the chooser against the integral
/// it falls back on.
/// </summary>
[MemoryDiagnoser]
public class BgNbdExpectedCountBenchmarks
{
    private const double R = 0.243, Alpha = 4.414, B = 2.426;

    [Params(0.793, 1.000001)]
    public double A { get; set; }

    [Params(10.0, 1e3, 1e12)]
    public double HorizonOverAlpha { get; set; }

    [Benchmark(Baseline = true)]
    public double Chosen() => BgNbdFormulas.ExpectedCount(R, Alpha, A, B, Alpha * HorizonOverAlpha);

    [Benchmark]
    public double Integral() => BgNbdExpectedCount.ByIntegral(R, Alpha, A, B, Alpha * HorizonOverAlpha);
}
