#!/usr/bin/env python3
"""Reference values of K(a, z) = z^(a-1) U(a, a, z) (Tricomi's confluent hypergeometric function on the diagonal),
computed once with mpmath at 30 digits for TricomiUTests.

Regenerate (from this folder):  python3 tricomi_u_reference.py > tricomi_u_reference.csv   (python3-mpmath 1.3.0)
Coefficients of 1/Gamma(1+b) used by TricomiU.cs:  python3 tricomi_u_reference.py --coefficients

Each value is the integral K = int_0^inf e^(-z u) (1+u)^(-a) du (DLMF 13.4.4 with b = a, times z^(a-1)), by Gauss-Legendre
on 200 panels in v = ln(1+u), and is checked against mpmath.hyperu(a, a, z) * z^(a-1) (or, where hyperu's series does
not converge, against the same quadrature on 400 panels) to 1e-20 relative. mpmath.expint(a, z) is NOT used: at
a = 50, z = 100 it is wrong in the fifth digit (mpmath 1.3.0).
Rows: a,z,k
"""
import sys
import mpmath as mp

mp.mp.dps = 30


def quadrature(a, z, panels):
    f = lambda v: mp.exp(-z * mp.expm1(v) + (1 - a) * v)
    return mp.quad(f, mp.linspace(0, mp.log1p(150 / z), panels + 1), method='gauss-legendre')


def scaled(a, z):
    a, z = mp.mpf(a), mp.mpf(z)
    k = quadrature(a, z, 200)
    try:
        check = z ** (a - 1) * mp.hyperu(a, a, z, maxterms=10 ** 5)
    except mp.libmp.libhyper.NoConvergence:
        check = quadrature(a, z, 400)
    assert abs(k - check) <= mp.mpf(10) ** -20 * k, (a, z, k, check)
    return k


if len(sys.argv) > 1 and sys.argv[1] == '--coefficients':
    for c in mp.taylor(lambda t: 1 / mp.gamma(1 + t), 0, 29)[1:]:
        print(mp.nstr(c, 30, min_fixed=-40, max_fixed=40) + ',')
    sys.exit()

A = ['0.001', '0.1', '0.49', '0.5', '0.51', '0.606', '0.9', '0.999999', '1', '1.0000001', '1.4999', '1.5', '1.5001', '2',
     '2.5', '3', '7.3', '50', '999.5', '1000', '1500']
Z = ['1e-12', '1e-6', '0.001', '0.05', '0.13', '0.5', '0.9', '0.999', '1', '1.001', '2', '5', '30', '100', '10000', '1e8']
print('a,z,k')
for a in A:
    for z in Z:
        print(f'{a},{z},{mp.nstr(scaled(a, z), 25)}', flush=True)
