#!/usr/bin/env python3
"""Reference values of the Pareto/NBD with time-varying covariates (Bachmann, Meierer & Naef 2021), computed with
mpmath (25 digits) from the individual-level model mixed over the drop-out rate mu ~ Gamma(s, beta) BY QUADRATURE
(only the purchase-rate mixture over lambda ~ Gamma(r, alpha) is taken in closed form), so the closed-form mu-mixture
and the graded Gauss-Legendre sums of the library are both checked.

Regenerate (from this folder):  python3 reference.py > reference.csv   (python3-mpmath 1.3.0; about a minute)

Model: covariates z(t) piecewise constant on segments; a(t) = exp(gT.z), c(t) = exp(gL.z), A, C their integrals from
the first purchase (t = 0). Given lambda, mu: lifetime survival exp(-mu C(t)); purchases Poisson with intensity
lambda a(t) while alive.
  L      = Gamma(r+x)/Gamma(r) alpha^r exp(gT.sumz) * Int g(mu) [ (alpha+A(T))^-(r+x) exp(-mu C(T))
           + Int_{tx}^{T} mu c(tau) (alpha+A(tau))^-(r+x) exp(-mu C(tau)) dtau ] dmu
  palive = (alive term) / (bracket), both mixed over mu
  cet    = E[purchases in (T, T+H]] = Gamma-mixture: (r+x)/(alpha+A(T)) * Int g(mu) (alpha+A(T))^-(r+x) exp(-mu C(T))
           Int_T^{T+H} a(u) exp(-mu (C(u)-C(T))) du dmu / bracket
  dert   = the same with exp(-delta (u - T)) inside the u-integral.
Row: case,r,alpha,s,beta,gT1,gT2,gL1,gL2,x,tx,T,sumz1,sumz2,segments,future,delta,ll,palive,cet,dert
segments / future: 'length:z1:z2' joined by '|', consecutive from t = 0 (calibration) or from T (future).
"""
import random
import mpmath as mp

mp.mp.dps = 25


def cumulative(segments, gamma):
    """Breakpoints [(start, end, rate, cumulative at start)] for rate exp(gamma.z)."""
    out, u, acc = [], mp.mpf(0), mp.mpf(0)
    for length, z in segments:
        rate = mp.exp(gamma[0] * z[0] + gamma[1] * z[1])
        out.append((u, u + length, rate, acc))
        u += length
        acc += rate * length
    return out


def value_at(pieces, t):
    for start, end, rate, acc in pieces:
        if t <= end:
            return acc + rate * (t - start)
    start, end, rate, acc = pieces[-1]
    return acc + rate * (end - start)


def case(r, alpha, s, beta, gT, gL, x, tx, T, sumz, segments, future, delta):
    A = cumulative(segments, gT)
    C = cumulative(segments, gL)
    AT, CT = value_at(A, T), value_at(C, T)
    rx = r + x
    # mpmath's quad stops on an absolute error estimate: keep the integrands O(1) by taking out (alpha+A(tx))^-(r+x)
    scale = (alpha + value_at(A, tx)) ** (-rx) if tx > 0 else alpha ** (-rx)
    front = mp.loggamma(r + x) - mp.loggamma(r) + r * mp.log(alpha) + gT[0] * sumz[0] + gT[1] * sumz[1]

    def alive_term(mu):
        return (alpha + AT) ** (-rx) / scale * mp.exp(-mu * CT)

    def dead_term(mu):
        total = mp.mpf(0)
        for (start, end, a, acc), (_, _, c, cacc) in zip(A, C):
            lo, hi = max(start, tx), end
            if hi <= lo:
                continue
            total += mp.quad(lambda t: mu * c * (alpha + acc + a * (t - start)) ** (-rx) / scale * mp.exp(-mu * (cacc + c * (t - start))), [lo, hi])
        return total

    def mixed(f):
        # w = mu^s removes the mu^(s-1) singularity of the Gamma density at 0: g(mu) dmu = beta^s/Gamma(s+1) e^(-beta mu) dw
        norm = beta ** s / mp.gamma(s + 1)
        return mp.quad(lambda w: norm * mp.exp(-beta * w ** (1 / s)) * f(w ** (1 / s)),
                       [0, (s / beta) ** s, (10 * s / beta) ** s, mp.inf])

    alive = mixed(alive_term)
    dead = mixed(dead_term) if tx < T else mp.mpf(0)
    bracket = alive + dead
    ll = front + mp.log(scale) + mp.log(bracket)
    palive = alive / bracket

    fa = cumulative(future, gT)
    fc = cumulative(future, gL)

    def future_term(mu, discount):
        total = mp.mpf(0)
        for (start, end, a, acc), (_, _, c, cacc) in zip(fa, fc):
            total += mp.quad(lambda u: a * mp.exp(-discount * u - mu * (cacc + c * (u - start))), [start, end])
        return alive_term(mu) * total

    rate_mean = rx / (alpha + AT)
    cet = rate_mean * mixed(lambda mu: future_term(mu, 0)) / bracket
    dert = rate_mean * mixed(lambda mu: future_term(mu, delta)) / bracket
    return ll, palive, cet, dert


def random_path(rng, total, first_offset):
    segments, u = [], 0.0
    while u < total - 1e-12:
        length = min(1 - first_offset if u == 0 else 1.0, total - u)
        z = (rng.choice([0.0, 1.0]), round(rng.uniform(-1.5, 1.5), 2))
        segments.append((mp.mpf(length), z))
        u += length
    return segments


def main():
    rng = random.Random(20261205)
    params = [
        (0.8, 6.0, 0.6, 9.0), (2.2, 120.0, 1.3, 85.0), (0.3, 0.5, 0.4, 0.2), (5.0, 2.0, 3.0, 1.5), (1.0, 0.05, 0.9, 0.08),
    ]
    print("case,r,alpha,s,beta,gT1,gT2,gL1,gL2,x,tx,T,sumz1,sumz2,segments,future,delta,ll,palive,cet,dert")
    n = 0
    for r, alpha, s, beta in params:
        for _ in range(3):
            gT = (round(rng.uniform(-1, 1), 2), round(rng.uniform(-1, 1), 2))
            gL = (round(rng.uniform(-1, 1), 2), round(rng.uniform(-1, 1), 2))
            T = rng.choice([2.5, 5.25, 9.0, 12.0])
            offset = rng.choice([0.0, 0.25, 0.6])
            segments = random_path(rng, T, offset)
            x = rng.choice([0, 1, 3, 12])
            times = sorted(round(rng.uniform(0.05, T - 0.05) * 16) / 16 for _ in range(x))
            if x and rng.random() < 0.3:
                times[-1] = T  # last purchase on the calibration end
            tx = times[-1] if x else 0.0
            sumz = [0.0, 0.0]
            for t in times:
                u = 0.0
                for length, z in segments:
                    if t < u + float(length) or (t == T and u + float(length) >= T):
                        sumz[0] += z[0]
                        sumz[1] += z[1]
                        break
                    u += float(length)
            future = random_path(rng, 6.0, 0.0)
            delta = rng.choice([0.02, 0.1, 0.5])
            ll, palive, cet, dert = case(mp.mpf(r), mp.mpf(alpha), mp.mpf(s), mp.mpf(beta), gT, gL, x, mp.mpf(tx), mp.mpf(T),
                                         sumz, segments, future, mp.mpf(delta))
            seg_text = "|".join(f"{float(l)!r}:{z[0]!r}:{z[1]!r}" for l, z in segments)
            fut_text = "|".join(f"{float(l)!r}:{z[0]!r}:{z[1]!r}" for l, z in future)
            print(f"{n},{r},{alpha},{s},{beta},{gT[0]},{gT[1]},{gL[0]},{gL[1]},{x},{tx!r},{T!r},{sumz[0]!r},{sumz[1]!r},"
                  f"{seg_text},{fut_text},{delta},{mp.nstr(ll, 17)},{mp.nstr(palive, 17)},{mp.nstr(cet, 17)},{mp.nstr(dert, 17)}")
            n += 1


if __name__ == "__main__":
    main()
