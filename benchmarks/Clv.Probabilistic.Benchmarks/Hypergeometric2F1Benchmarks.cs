using BenchmarkDotNet.Attributes;
using Clv.Probabilistic.Numerics;

namespace Clv.Probabilistic.Benchmarks;

/// <summary>
/// ns per call of ln ₂F₁ for the BG/NBD conditional-expectation family 2F1(r+x, b+x; a+b+x−1; z) at the CDNOW
/// estimates (r = 0.243, a = 0.793, b = 2.426), as written by the caller and in its Euler-transformed form.
/// </summary>
[MemoryDiagnoser]
public class Hypergeometric2F1Benchmarks
{
    private const double R = 0.243, A = 0.793, B = 2.426;

    [Params(0, 10, 2000)]
    public int X { get; set; }

    [Params(0.3, 0.9, 0.99)]
    public double Z { get; set; }

    [Benchmark(Baseline = true)]
    public double BgNbdFamily() => Hypergeometric.LogHyp2F1(R + X, B + X, A + B + X - 1, Z);

    [Benchmark]
    public double BgNbdEulerForm() =>
        (A - 1 - R - X) * Math.Log(1 - Z) + Hypergeometric.LogHyp2F1(A + B - 1 - R, A - 1, A + B + X - 1, Z);
}
