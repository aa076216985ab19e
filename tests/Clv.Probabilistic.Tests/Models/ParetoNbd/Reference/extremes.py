#!/usr/bin/env python3
"""Pareto/NBD P(alive) and E[Y(t) | x, t_x, T] at the extremes of issue 16, item 6 (large x with large alpha and beta,
alpha close to or equal to beta, r or s tiny or huge, T up to 1e5, alpha and beta up to 1e100), with mpmath.

Regenerate (from this folder):  python3 extremes.py > extremes.csv   (python3-mpmath 1.3.0)

Formulas (Fader & Hardie 2005, "A Note on Deriving the Pareto/NBD Model and Related Expressions", eqs. (11)-(13);
Schmittlein, Morrison & Colombo 1987, eq. 22), evaluated with mpmath's hyp2f1 at 60 + 2 log10(max(alpha, beta)) digits (the two terms of A0 agree
to about log10(max(alpha, beta)) digits), no rewriting:
  for alpha >= beta:  A0 = 2F1(r+s+x, s+1; r+s+x+1; (alpha-beta)/(alpha+t_x)) / (alpha+t_x)^(r+s+x)
                         - 2F1(r+s+x, s+1; r+s+x+1; (alpha-beta)/(alpha+T))   / (alpha+T)^(r+s+x)
  for alpha <  beta:  the same with alpha and beta exchanged and s+1 replaced by r+x
  P(alive) = 1 / (1 + s/(r+s+x) (alpha+T)^(r+x) (beta+T)^s A0)
  E[Y(t)]  = P(alive) (r+x)(beta+T) / ((alpha+T)(s-1)) [1 - ((beta+T)/(beta+T+t))^(s-1)]
Each P(alive) is checked against an independent 60-digit quadrature of the drop-out integral
  s * integral_{t_x}^{T} (alpha+tau)^-(r+x) (beta+tau)^-(s+1) dtau * (alpha+T)^(r+x) (beta+T)^s.
Rows: kind,r,alpha,s,beta,x,tx,T,t,value; kind is alive (P(alive)), dead (1 - P(alive)) or expected (E[Y(t)]).
"""
import mpmath as mp


CASES = [
    # r, alpha, s, beta, x, t_x, T, t
    (0.55, 10.58, 0.61, 11.67, 2, 30.43, 38.86, 39),
    (0.55, 1e4, 0.6, 1e4, 1000, 30, 40, 10),
    (0.55, 1e5, 0.6, 100000.0001, 10000, 35, 39, 39),
    (0.5, 1e6, 0.6, 1e3, 50000, 38.5, 39, 52),
    (0.5, 1e3, 0.6, 1e6, 500, 38.5, 39, 52),
    (2.0, 1e7, 1.5, 1e7, 1e5, 100, 104, 52),
    (0.3, 1e8, 0.8, 1e8, 1e6, 364, 365, 365),
    (0.5, 1e12, 0.5, 1e12, 1e4, 10, 50, 52),
    (0.5, 1e100, 0.5, 1e100, 5, 10, 50, 52),
    (0.5, 1e100, 0.5, 1.0, 5, 10, 50, 52),
    (1e-6, 10.58, 0.61, 11.67, 0, 0, 38.86, 39),
    (1e-6, 10.58, 0.61, 11.67, 3, 20, 38.86, 39),
    (0.55, 10.58, 1e-6, 11.67, 3, 20, 38.86, 39),
    (0.55, 10.58, 1e-6, 1e5, 3, 20, 38.86, 39),
    (1e4, 1e4, 0.6, 12, 5, 20, 38.86, 39),
    (0.55, 10.58, 1e4, 1e6, 3, 20, 38.86, 39),
    (0.55, 10.0, 0.6, 12.0, 50, 9e4, 1e5, 52),
    (0.55, 1e5, 0.6, 1e5, 1e4, 5e4, 1e5, 100),
    (0.55, 1e5, 0.6, 2e5, 1e4, 99990, 1e5, 100),
    # the log-odds of drop-out near 0 (P(alive) near 1/2), where a loss of precision shows most
    (0.25, 1e5, 0.5, 1e5, 10000, 10, 13, 39),
    (0.5, 1e6, 0.5, 2e6, 1e5, 5, 8, 52),
    (1.0, 1e7, 2.0, 1e7, 1e6, 100, 101.6, 52),
]


def alive(r, al, s, be, x, tx, T):
    if tx == T:
        return mp.mpf(1)
    if al >= be:
        p, c2 = al, s + 1
    else:
        p, c2 = be, r + x
    k = r + s + x
    z = lambda u: (abs(al - be)) / (p + u)
    a0 = mp.hyp2f1(k, c2, k + 1, z(tx), maxterms=10**7) / (p + tx) ** k - mp.hyp2f1(k, c2, k + 1, z(T), maxterms=10**7) / (p + T) ** k
    return 1 / (1 + s / k * (al + T) ** (r + x) * (be + T) ** s * a0)


def alive_by_quadrature(r, al, s, be, x, tx, T):
    with mp.workdps(60):
        f = lambda u: ((al + T) / (al + u)) ** (r + x) * ((be + T) / (be + u)) ** s / (be + u)
        j = mp.quad(f, [tx, (tx + T) / 2, T])
        return 1 / (1 + s * j)


def expected(r, al, s, be, x, tx, T, t):
    return alive(r, al, s, be, x, tx, T) * (r + x) * (be + T) / ((al + T) * (s - 1)) * (1 - ((be + T) / (be + T + t)) ** (s - 1))


print("kind,r,alpha,s,beta,x,tx,T,t,value")
for case in CASES:
    mp.mp.dps = 60 + 2 * int(mp.log10(max(case[1], case[3], 10)))
    r, al, s, be, x, tx, T, t = (mp.mpf(v) for v in case)
    pa = alive(r, al, s, be, x, tx, T)
    check = alive_by_quadrature(r, al, s, be, x, tx, T)
    assert abs(pa - check) <= mp.mpf(10) ** -40 * max(pa, 1 - pa), (case, pa, check)
    ey = expected(r, al, s, be, x, tx, T, t)
    fields = ",".join(repr(float(v)) for v in case)
    print(f"alive,{fields},{mp.nstr(pa, 25)}")
    print(f"dead,{fields},{mp.nstr(1 - pa, 25)}")
    print(f"expected,{fields},{mp.nstr(ey, 25)}")
