using Clv.Probabilistic.Numerics;

namespace Clv.Probabilistic.Models.ParetoNbd.TimeVarying;

/// <summary>One customer's term of the time-varying Pareto/NBD log-likelihood, with its gradient.</summary>
/// <param name="Value">ln L_i.</param>
/// <param name="LogOddsDead">ln(s I / E): the log-odds of having dropped out by T (−∞ when t_x = T).</param>
/// <param name="TransactionExposure">A(T) = ∫₀ᵀ exp(γ_trans·z(u)) du.</param>
/// <param name="LifetimeExposure">C(T) = ∫₀ᵀ exp(γ_life·z(u)) du.</param>
internal readonly record struct CustomerTerm(double Value, double LogOddsDead, double TransactionExposure, double LifetimeExposure);

/// <summary>
/// The likelihood of one customer under the Pareto/NBD with time-varying covariates (Bachmann, Meierer &amp; Näf 2021,
/// "The role of time-varying contextual factors in latent attrition models for customer base analysis", Marketing
/// Science 40(4)): purchase rate λ e^{γ_trans·z(t)}, drop-out hazard μ e^{γ_life·z(t)}, λ ~ Gamma(r, α), μ ~ Gamma(s, β).
/// </summary>
/// <remarks>
/// Derivation. Write a(t) = e^{γ_trans·z(t)}, c(t) = e^{γ_life·z(t)}, A(t) = ∫₀ᵗ a, C(t) = ∫₀ᵗ c. Given λ and μ, the
/// lifetime τ has survival e^{−μ C(t)}, and purchases while alive form a Poisson process of intensity λ a(t), so the
/// repeat purchases at t₁ … t_x have density λ^x Π_j a(t_j) e^{−λ A(T)} e^{−μ C(T)} if alive at T, and
/// λ^x Π_j a(t_j) e^{−λ A(τ)} μ c(τ) e^{−μ C(τ)} for a drop-out at τ ∈ (t_x, T]. Mixing over the Gamma distributions
/// (∫ λ^x e^{−λA} dG(λ) = Γ(r+x)/Γ(r) α^r (α+A)^{−(r+x)}, ∫ μ^k e^{−μC} dG(μ) = Γ(s+k)/Γ(s) β^s (β+C)^{−(s+k)}):
/// L = e^{γ_trans·Σ_j z(t_j)} Γ(r+x)/Γ(r) α^r β^s [E + s I], E = (α+A(T))^{−(r+x)} (β+C(T))^{−s},
/// I = ∫_{t_x}^{T} c(τ) (α+A(τ))^{−(r+x)} (β+C(τ))^{−(s+1)} dτ. With constant z this is the static Pareto/NBD at
/// α/a, β/c (Fader &amp; Hardie 2005 note, eq. (3)–(4)). On each segment of constant z, A and C are linear, and I is
/// summed over segments by <see cref="GradedLegendre"/>; segments after the integrand has fallen e^{−40} below the sum
/// (bounded by the integrand's decreasing factor times the remaining C) are skipped. With π = s I/(E + s I), the gradient
/// is ∂/∂r = ψ(r+x) − ψ(r) + ln α − (1−π) ln(α+A(T)) − π⟨ln(α+A)⟩; ∂/∂α = r/α − (r+x)[(1−π)/(α+A(T)) + π⟨1/(α+A)⟩];
/// ∂/∂s = ln β − (1−π) ln(β+C(T)) + π(1/s − ⟨ln(β+C)⟩); ∂/∂β = s/β − (1−π) s/(β+C(T)) − π(s+1)⟨1/(β+C)⟩;
/// ∂/∂γ_trans = Σ_j z(t_j) − (r+x)[(1−π) A_z(T)/(α+A(T)) + π⟨A_z/(α+A)⟩];
/// ∂/∂γ_life = −(1−π) s C_z(T)/(β+C(T)) + π[⟨z⟩ − (s+1)⟨C_z/(β+C)⟩], with A_z = ∫ z a, C_z = ∫ z c and ⟨·⟩ the average
/// under the integrand of I.
/// </remarks>
internal static class CustomerLikelihood
{
    /// <summary>Scratch values one evaluation needs for <paramref name="covariates"/> covariates.</summary>
    public static int ScratchLength(int covariates) => 7 * covariates;

    /// <summary>
    /// Customer <paramref name="i"/>'s term; when <paramref name="gradient"/> is not empty, adds the derivatives in
    /// (r, α, s, β, γ_trans, γ_life) on the natural scale to it. NaN where the integral fails.
    /// </summary>
    public static CustomerTerm Evaluate(double r, double alpha, double s, double beta, ReadOnlySpan<double> gammaTransaction,
        ReadOnlySpan<double> transactionExposure, ReadOnlySpan<double> lifetimeExposure,
        TimeVaryingRows rows, int i, Span<double> gradient, Span<double> scratch)
    {
        var path = rows.Path;
        int k = path.Covariates, from = path.Start[i], to = path.Start[i + 1];
        bool withGradient = !gradient.IsEmpty;
        double x = rows.X[i], tx = rows.Recency[i], t = rows.T[i];
        var az = scratch[..k];
        var cz = scratch.Slice(k, k);
        az.Clear();
        cz.Clear();

        // Pass 1: A, C (and A_z, C_z) at T, and A, C at t_x.
        double bigA = 0, bigC = 0, aTx = 0, cTx = 0, u = 0;
        bool txFound = tx == 0;
        for (int seg = from; seg < to; seg++)
        {
            double h = path.Length[seg];
            int q = path.Vector[seg];
            double a = transactionExposure[q], c = lifetimeExposure[q];
            if (!txFound && tx <= u + h)
            {
                aTx = bigA + a * (tx - u);
                cTx = bigC + c * (tx - u);
                txFound = true;
            }
            bigA += a * h;
            bigC += c * h;
            if (withGradient)
            {
                var z = path.VectorAt(q);
                for (int j = 0; j < k; j++)
                {
                    az[j] += z[j] * a * h;
                    cz[j] += z[j] * c * h;
                }
            }
            u += h;
        }
        if (!txFound)
        {
            aTx = bigA;
            cTx = bigC;
        }

        double rx = r + x;
        double pT = alpha + bigA, qT = beta + bigC, lnPT = Math.Log(pT), lnQT = Math.Log(qT);
        double logE = -rx * lnPT - s * lnQT;
        double total = logE, pe = 1, pi = 0, logOdds = double.NegativeInfinity;
        double mLnP = 0, mLnQ = 0, mInvP = 0, mInvQ = 0;
        var mAz = scratch.Slice(2 * k, k);
        var mCz = scratch.Slice(3 * k, k);
        var mZ = scratch.Slice(4 * k, k);
        if (tx < t)
        {
            var az2 = scratch.Slice(5 * k, k);
            var cz2 = scratch.Slice(6 * k, k);
            mAz.Clear();
            mCz.Clear();
            mZ.Clear();
            az2.Clear();
            cz2.Clear();
            double s1 = s + 1, rateT = Math.Max(rx, 1);
            double logRef = -rx * Math.Log(alpha + aTx) - s1 * Math.Log(beta + cTx);
            double s0 = 0, sLnP = 0, sLnQ = 0, sInvP = 0, sInvQ = 0;
            double a2 = 0, c2 = 0;
            u = 0;
            for (int seg = from; seg < to; seg++)
            {
                double h = path.Length[seg];
                int q = path.Vector[seg];
                double a = transactionExposure[q], c = lifetimeExposure[q];
                double end = u + h;
                if (end > tx)
                {
                    double p0 = alpha + a2, q0 = beta + c2;
                    double v = Math.Max(0, tx - u);
                    double g0 = 0, gLnP = 0, gLnQ = 0, gInvP = 0, gInvQ = 0, gVInvP = 0, gVInvQ = 0;
                    int pieces = 0;
                    while (v < h)
                    {
                        if (++pieces > GradedLegendre.MaxPieces) return new CustomerTerm(double.NaN, double.NaN, bigA, bigC);
                        double width = GradedLegendre.Piece(rateT * a / (p0 + a * v), s1 * c / (q0 + c * v), 0, h - v,
                            out var nodes, out var weights);
                        for (int n = 0; n < nodes.Length; n++)
                        {
                            double vv = v + width * nodes[n];
                            double pn = p0 + a * vv, qn = q0 + c * vv;
                            double lnP = Math.Log(pn), lnQ = Math.Log(qn);
                            double f = weights[n] * width * c * Math.Exp(-rx * lnP - s1 * lnQ - logRef);
                            double fp = f / pn, fq = f / qn;
                            g0 += f;
                            gLnP += f * lnP;
                            gLnQ += f * lnQ;
                            gInvP += fp;
                            gInvQ += fq;
                            gVInvP += fp * vv;
                            gVInvQ += fq * vv;
                        }
                        v = width >= h - v ? h : v + width;
                    }
                    s0 += g0;
                    sLnP += gLnP;
                    sLnQ += gLnQ;
                    sInvP += gInvP;
                    sInvQ += gInvQ;
                    if (withGradient)
                    {
                        var z = path.VectorAt(q);
                        for (int j = 0; j < k; j++)
                        {
                            mAz[j] += az2[j] * gInvP + z[j] * a * gVInvP;
                            mCz[j] += cz2[j] * gInvQ + z[j] * c * gVInvQ;
                            mZ[j] += z[j] * g0;
                        }
                    }
                    double remaining = bigC - (c2 + c * h);
                    double logTail = -rx * Math.Log(p0 + a * h) - s1 * Math.Log(q0 + c * h) - logRef + Math.Log(Math.Max(remaining, 0));
                    if (s0 > 0 && logTail < Math.Log(s0) - 40) break;
                }
                a2 += a * h;
                c2 += c * h;
                if (withGradient)
                {
                    var z = path.VectorAt(q);
                    for (int j = 0; j < k; j++)
                    {
                        az2[j] += z[j] * a * h;
                        cz2[j] += z[j] * c * h;
                    }
                }
                u = end;
            }
            if (!(s0 > 0) || !double.IsFinite(s0)) return new CustomerTerm(double.NaN, double.NaN, bigA, bigC);
            double logSI = Math.Log(s) + logRef + Math.Log(s0);
            total = LogMath.LogAddExp(logE, logSI);
            pe = Math.Exp(logE - total);
            pi = Math.Exp(logSI - total);
            logOdds = logSI - logE;
            mLnP = sLnP / s0;
            mLnQ = sLnQ / s0;
            mInvP = sInvP / s0;
            mInvQ = sInvQ / s0;
            if (withGradient)
            {
                for (int j = 0; j < k; j++)
                {
                    mAz[j] /= s0;
                    mCz[j] /= s0;
                    mZ[j] /= s0;
                }
            }
        }

        var purchased = rows.PurchaseCovariates.AsSpan(i * k, k);
        double value = total + r * Math.Log(alpha) + s * Math.Log(beta) + (x == 0 ? 0 : GammaFunctions.LogGammaShift(r, x));
        for (int j = 0; j < k; j++) value += gammaTransaction[j] * purchased[j];
        if (!withGradient) return new CustomerTerm(value, logOdds, bigA, bigC);
        {
            gradient[0] += (x == 0 ? 0 : GammaFunctions.DigammaShift(r, x)) + Math.Log(alpha) - pe * lnPT - pi * mLnP;
            gradient[1] += r / alpha - rx * (pe / pT + pi * mInvP);
            gradient[2] += Math.Log(beta) - pe * lnQT + pi * (1 / s - mLnQ);
            gradient[3] += s / beta - pe * s / qT - pi * (s + 1) * mInvQ;
        }
        for (int j = 0; j < k; j++)
        {
            gradient[4 + j] += purchased[j] - rx * (pe * az[j] / pT + (pi > 0 ? pi * mAz[j] : 0));
            gradient[4 + k + j] += -pe * s * cz[j] / qT + (pi > 0 ? pi * (mZ[j] - (s + 1) * mCz[j]) : 0);
        }
        return new CustomerTerm(value, logOdds, bigA, bigC);
    }
}
