using Clv.Probabilistic.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Clv.Probabilistic.Tests.Numerics;

/// <summary>Invariants of ₂F₁ over random parameters: contiguous relation, symmetry, transformations, derivative.</summary>
public class HypergeometricPropertyTests
{
    public sealed record Parameters(double A, double B, double C, double Z)
    {
        public override string ToString() => $"({A:R}, {B:R}; {C:R}; {Z:R})";
    }

    /// <summary>a, b in [0.05, 12], c in [0.05, 15] avoiding integers by an odd 1/64 offset, z in [−5, 0.999].</summary>
    private static Arbitrary<Parameters> Moderate =>
        Arb.From(
            from a in Gen.Choose(1, 240)
            from b in Gen.Choose(1, 240)
            from c in Gen.Choose(1, 300)
            from z in Gen.Elements(-5.0, -1.0, -0.4, 0.05, 0.3, 0.6, 0.85, 0.95, 0.99, 0.999)
            select new Parameters(a / 20.0, b / 20.0, c / 20.0 + 1.0 / 64, z));

    private static double Ratio(SignedLogValue x, SignedLogValue y) => x.Sign * y.Sign * Math.Exp(x.LogAbs - y.LogAbs);

    [Property(MaxTest = 200)]
    public Property GaussContiguousRelationInA() =>
        Prop.ForAll(Moderate, p =>
        {
            // A&S 15.2.10: (c−a)F(a−1) + (2a−c+(b−a)z)F(a) + a(z−1)F(a+1) = 0, scaled by F(a) to stay finite.
            var (a, b, c, z) = (p.A, p.B, p.C, p.Z);
            SignedLogValue lower = Hypergeometric.Hyp2F1Signed(a - 1, b, c, z);
            SignedLogValue middle = Hypergeometric.Hyp2F1Signed(a, b, c, z);
            SignedLogValue upper = Hypergeometric.Hyp2F1Signed(a + 1, b, c, z);
            double t1 = (c - a) * Ratio(lower, middle);
            double t2 = 2 * a - c + (b - a) * z;
            double t3 = a * (z - 1) * Ratio(upper, middle);
            double residual = Math.Abs(t1 + t2 + t3);
            double scale = Math.Abs(t1) + Math.Abs(t2) + Math.Abs(t3);
            return (residual <= 1e-11 * scale).Label($"{p}: residual {residual:G3} of scale {scale:G3}");
        });

    [Property(MaxTest = 200)]
    public Property SymmetricInAAndB() =>
        Prop.ForAll(Moderate, p =>
        {
            SignedLogValue ab = Hypergeometric.Hyp2F1Signed(p.A, p.B, p.C, p.Z);
            SignedLogValue ba = Hypergeometric.Hyp2F1Signed(p.B, p.A, p.C, p.Z);
            return ab.Sign == ba.Sign && Math.Abs(ab.LogAbs - ba.LogAbs) <= 1e-13 * Math.Max(1, Math.Abs(ab.LogAbs));
        });

    [Property(MaxTest = 200)]
    public Property EulerTransformationHolds() =>
        Prop.ForAll(Moderate, p =>
        {
            // A&S 15.3.3: F(a,b;c;z) = (1−z)^(c−a−b) F(c−a, c−b; c; z).
            var (a, b, c, z) = (p.A, p.B, p.C, p.Z);
            SignedLogValue direct = Hypergeometric.Hyp2F1Signed(a, b, c, z);
            SignedLogValue euler = Hypergeometric.Hyp2F1Signed(c - a, c - b, c, z);
            double logEuler = euler.LogAbs + (c - a - b) * Math.Log(1 - z);
            return direct.Sign == euler.Sign && Math.Abs(direct.LogAbs - logEuler) <= 1e-12 * Math.Max(1, Math.Abs(logEuler));
        });

    [Property(MaxTest = 200)]
    public Property PfaffTransformationMatchesDecimalSeries() =>
        Prop.ForAll(
            Arb.From(
                from a in Gen.Choose(-40, 40)
                from b in Gen.Choose(-40, 40)
                from c in Gen.Choose(0, 40)
                from z in Gen.Choose(-32, -1)
                select new Parameters(a / 8.0, b / 8.0, c / 8.0 + 1.0 / 16, z / 64.0)),
            p =>
            {
                // z in [−1/2, 0): the library uses Pfaff's transformation (A&S 15.3.4); the oracle sums the raw
                // alternating series in 28-digit decimal arithmetic. Dyadic parameters are exact in both.
                double expected = HypergeometricOracle.DecimalSeries(p.A, p.B, p.C, p.Z, out double condition);
                double actual = Hypergeometric.Hyp2F1(p.A, p.B, p.C, p.Z);
                double error = Math.Abs(actual - expected) / Math.Abs(expected);
                return (error <= 1e-13 + 1e-15 * condition).Label($"{actual:R} vs {expected:R}, condition {condition:G3}");
            });

    [Property(MaxTest = 100)]
    public Property DerivativeMatchesCentralDifferences() =>
        Prop.ForAll(Moderate, p =>
        {
            // d/dz F(a,b;c;z) = (ab/c) F(a+1, b+1; c+1; z) (A&S 15.2.1) against a fourth-order central difference
            // with a step 10⁻³ of the scale on which F varies, taken as min(1 − z, |F/F'|) (F' from the identity
            // under test only sets the step): truncation (h/scale)⁴ ≈ 1e-12, and rounding of F (even 1e-11 where
            // the function is ill conditioned) contributes 1e-11 × scale/h ≈ 1e-8.
            var (a, b, c, z) = (p.A, p.B, p.C, p.Z);
            double f0 = Hypergeometric.Hyp2F1Signed(a, b, c, z).LogAbs;
            double F(double x) => Hypergeometric.Hyp2F1Signed(a, b, c, x) is var v ? v.Sign * Math.Exp(v.LogAbs - f0) : 0;
            SignedLogValue shifted = Hypergeometric.Hyp2F1Signed(a + 1, b + 1, c + 1, z);
            double analytic = a * b / c * shifted.Sign * Math.Exp(shifted.LogAbs - f0);
            double h = 1e-3 * Math.Min(1 - z, 1 / Math.Abs(analytic));
            double numeric = (-F(z + 2 * h) + 8 * F(z + h) - 8 * F(z - h) + F(z - 2 * h)) / (12 * h);
            // Relative to |F'| + 1e-3 |F| so that a derivative passing through zero is not a false alarm.
            double scale = Math.Abs(analytic) + 1e-3;
            return (Math.Abs(numeric - analytic) <= 1e-7 * scale).Label($"{p}: numeric {numeric:R}, analytic {analytic:R}");
        });

    [Property(MaxTest = 40)]
    public Property BgNbdFamilyMatchesEulerIntegralQuadrature() =>
        Prop.ForAll(
            Arb.From(
                from r in Gen.Choose(10, 500)
                from a in Gen.Choose(10, 500)
                from b in Gen.Choose(10, 1000)
                from x in Gen.Elements(0, 1, 3, 10, 50, 300, 2000, 10000)
                from z in Gen.Choose(0, 999)
                select (R: r / 100.0, A: a / 100.0, B: b / 100.0, X: x, Z: z / 1000.0)),
            p =>
            {
                // 2F1(r+x, b+x; a+b+x−1; z) for r in [0.1, 5], a in [0.1, 5], b in [0.1, 10], z in [0, 0.999].
                // Oracle: Euler's integral with the larger of r+x, b+x as the integrand's exponent parameter when
                // c exceeds it; otherwise the Euler-transformed pair (a+b−1−r, a−1), whose integral needs
                // a+b−1−r in (0, c) and the prefactor (1−z)^(a−1−r−x).
                double a1 = p.R + p.X, b1 = p.B + p.X, c = p.A + p.B + p.X - 1;
                if (c <= 0)
                {
                    return true.Label("c <= 0: outside the model's range");
                }

                double expected;
                if (c > b1)
                {
                    expected = HypergeometricOracle.LogEulerIntegral(a1, b1, c, p.Z);
                }
                else if (c > a1)
                {
                    expected = HypergeometricOracle.LogEulerIntegral(b1, a1, c, p.Z);
                }
                else if (p.A + p.B - 1 - p.R > 0)
                {
                    expected = (p.A - 1 - p.R - p.X) * Math.Log(1 - p.Z)
                        + HypergeometricOracle.LogEulerIntegral(p.A - 1, p.A + p.B - 1 - p.R, c, p.Z);
                }
                else
                {
                    return true.Label("no convergent Euler integral for this draw");
                }

                double actual = Hypergeometric.LogHyp2F1(a1, b1, c, p.Z);
                double oracleNoise = HypergeometricOracle.Noise(a1, b1, c, p.Z);
                double tolerance = 1e-12 + oracleNoise + 1e-15 * Math.Abs(expected);
                return (Math.Abs(actual - expected) <= tolerance).Label($"{p}: {actual:R} vs oracle {expected:R}");
            });
}
