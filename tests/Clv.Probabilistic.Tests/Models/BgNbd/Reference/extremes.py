#!/usr/bin/env python3
"""BG/NBD P(alive), E[Y(t) | x, t_x, T] and P(Y(t) = 0 | x, t_x, T) at the extremes of issue 16, item 6 (large x with
large alpha, where ln((alpha+T)/(alpha+t_x)) is close to 0, and r down to 1e-6), with mpmath at 60 digits.

Regenerate (from this folder):  python3 extremes.py > extremes.csv   (python3-mpmath 1.3.0)

Formulas (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way", eqs. 10 and 13 and the PMF of section 4):
  P(alive) = 1 / (1 + [x > 0] a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x))
  E[Y(t)]  = P(alive) (a+b+x-1)/(a-1) [1 - ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; t/(alpha+T+t))]
  P(Y=0)   = 1 - P(alive) + P(alive) ((alpha+T)/(alpha+T+t))^(r+x)
Every quantity is evaluated directly in 60-digit arithmetic (mpmath's hyp2f1), with no cancellation-avoiding rewriting.
Rows: kind,r,alpha,a,b,x,tx,T,t,value
"""
import mpmath as mp

mp.mp.dps = 60

CASES = [
    # r, alpha, a, b, x, t_x, T, t
    (0.25, 1e4, 0.8, 2.5, 1000, 30, 40, 10),
    (0.25, 1e5, 0.8, 2.5, 10000, 35, 39, 39),
    (0.5, 1e6, 1.2, 3.0, 50000, 38.5, 39, 52),
    (2.0, 1e7, 0.6, 4.0, 1e5, 100, 104, 52),
    (0.24, 4.41, 0.79, 2.43, 2, 30.43, 38.86, 39),
    (0.24, 1e3, 0.79, 2.43, 200, 38, 38.86, 39),
    (1e-6, 4.41, 0.79, 2.43, 0, 0, 38.86, 39),
    (1e-6, 4.41, 0.79, 2.43, 3, 20, 38.86, 39),
    (1e-6, 1e5, 0.5, 0.5, 1, 1, 2, 1),
    (1e-5, 10, 2.0, 5.0, 5, 9, 10, 100),
    (3.0, 1e8, 1.5, 1.5, 1e6, 364, 365, 365),
    # large x and alpha with the log-odds of drop-out near 0 (P(alive) near 1/2), where its precision shows most
    (0.25, 1e5, 1.5, 2.5, 10000, 10, 98, 39),
    (0.25, 1e5, 1.5, 2.5, 10000, 10, 98.05, 52),
    (0.5, 1e6, 2.0, 3.0, 1e5, 5, 113, 52),
    (0.5, 1e6, 2.0, 3.0, 1e5, 5, 113.2, 10),
    (1.0, 1e7, 1.2, 1.5, 1e6, 100, 236, 52),
    (0.7, 3e3, 3.0, 1.0, 500, 8, 38.7, 39),
    (0.7, 3e3, 3.0, 1.0, 500, 8, 38.9, 39),
    (2.0, 5e4, 1.1, 0.9, 3000, 200, 330, 100),
    # a = 1e100 (the corner of the supported range) with x = 1000, T = 1e5: E[Y] was NaN (the integral's scale lost b);
    # evaluated at 260 digits so that a + b + x - 1 keeps b
    (1.0, 1.0, 1e100, 1.0, 1000, 9e4, 1e5, 52),
    (1e-100, 1e-100, 1e100, 1e-100, 1000, 9e4, 1e5, 52),
    (0.5, 2e3, 1e100, 3.0, 1000, 9e4, 1e5, 52),
]


def alive(r, al, a, b, x, tx, T):
    if x == 0:
        return mp.mpf(1)
    return 1 / (1 + a / (b + x - 1) * ((al + T) / (al + tx)) ** (r + x))


def expected(r, al, a, b, x, tx, T, t):
    z = t / (al + T + t)
    bracket = 1 - ((al + T) / (al + T + t)) ** (r + x) * mp.hyp2f1(r + x, b + x, a + b + x - 1, z)
    return alive(r, al, a, b, x, tx, T) * (a + b + x - 1) / (a - 1) * bracket


def zero(r, al, a, b, x, tx, T, t):
    p = alive(r, al, a, b, x, tx, T)
    return 1 - p + p * ((al + T) / (al + T + t)) ** (r + x)


print("kind,r,alpha,a,b,x,tx,T,t,value")
for case in CASES:
    with mp.workdps(260 if case[2] > 1e50 else 60):
        r, al, a, b, x, tx, T, t = [mp.mpf(repr(float(v))) for v in case]
        rows = [("alive", alive(r, al, a, b, x, tx, T)), ("zero", zero(r, al, a, b, x, tx, T, t))]
        if a > 1:
            rows.append(("expected", expected(r, al, a, b, x, tx, T, t)))
    for kind, value in rows:
        fields = [repr(float(v)) for v in case]
        print(",".join([kind] + fields + [mp.nstr(value, 25)]))
