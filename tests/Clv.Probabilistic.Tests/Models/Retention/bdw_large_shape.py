#!/usr/bin/env python3
"""BdW ln S(t) and ln r(t) = ln S(t) - ln S(t-1) where t^c is huge (c up to 10, the largest supported), with mpmath at
80 digits: S(t) = B(alpha, beta + t^c)/B(alpha, beta) (Fader et al. 2018, eq. 3) as lnGamma values, which at 80 digits
keep the difference of two numbers of size t^c ln t^c. Printed as C# InlineData for BdwLargeShapeTests.

Run:  python3 bdw_large_shape.py   (python3-mpmath 1.3.0)
"""
import mpmath as mp

mp.mp.dps = 80

CASES = [(10, 10, 10, 1000), (10, 10, 10, 2), (0.5, 2, 10, 100), (3, 0.2, 5, 5000), (1e-3, 1e-3, 10, 1000), (50, 1e4, 10, 10**6)]


def log_s(a, b, c, t):
    x = mp.mpf(t) ** c
    return mp.loggamma(b + x) - mp.loggamma(b) - mp.loggamma(a + b + x) + mp.loggamma(a + b)


for a, b, c, t in CASES:
    a, b, c = mp.mpf(a), mp.mpf(b), mp.mpf(c)
    s = log_s(a, b, c, t)
    r = s - log_s(a, b, c, t - 1) if t > 1 else s
    print(f"[InlineData({mp.nstr(a, 17)}, {mp.nstr(b, 17)}, {mp.nstr(c, 17)}, {t}, {mp.nstr(s, 20)}, {mp.nstr(r, 20)})]")
