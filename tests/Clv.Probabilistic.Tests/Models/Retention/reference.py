#!/usr/bin/env python3
"""Reference values of the sBG and BdW retention models, computed with mpmath (30 digits).

Regenerate (from this folder):  python3 reference.py > reference.csv   (python3-mpmath 1.3.0)

  survival   S(t) = ∫_0^1 (1 − θ)^(t^c) Beta(θ; α, β) dθ (the mixture that defines the models; c = 1 is the sBG) in
             closed form, B(α, β + t^c)/B(α, β) with mpmath's beta at 30 digits, checked against the integral by
             quadrature to 1e-12; written as ln S(t);
  churn      ln P(T = t) = ln(S(t − 1) − S(t)) with the two integrals at 30 digits;
  del, derl  DEL = Σ_{t≥0} S(t) x^t and DERL(n) = Σ_{t≥n+1} S(t)/S(n) x^(t−n−1), x = 1/(1 + d), summed until the
             terms are below 1e-28, with S(t) = B(α, β + t^c)/B(α, β) (the integral above in closed form);
             for c = 1 also mpmath's own 2F1 as a cross-check (column 'check');
  loglik     ℓ = Σ_t (n_{t−1} − n_t) ln P(T = t) + n_N ln S(N) of the Fader & Hardie (2007) cohorts, with the gradient
             with respect to (ln α, ln β[, ln c]) by mpmath.diff.
Rows: kind,alpha,beta,c,t,n,d,value,check,g1,g2,g3 (unused columns empty).
"""
import mpmath as mp

mp.mp.dps = 30

REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]
HIGHEND = [1000, 869, 743, 653, 593, 551, 517, 491]


def survival(a, b, c, t):
    """B(α, β + t^c)/B(α, β) at 30 digits, after checking it against the mixture integral by quadrature (tanh-sinh,
    panels around the mode of the integrand) to 1e-12."""
    if t == 0:
        return mp.mpf(1)
    x = mp.mpf(t) ** c
    e = b + x
    m, sd = a / (a + e), mp.sqrt(a * e / ((a + e) ** 2 * (a + e + 1)))
    points = sorted(set([mp.mpf(0), mp.mpf(1)] + list(mp.linspace(max(mp.mpf(0), m - 12 * sd), min(mp.mpf(1), m + 12 * sd), 25))))
    integral = mp.quad(lambda th: (1 - th) ** (x + b - 1) * th ** (a - 1), points) / mp.beta(a, b)
    value = closed_survival(a, b, c, t)
    assert abs(integral / value - 1) < mp.mpf(10) ** -12, (a, b, c, t)
    return value


def closed_survival(a, b, c, t):
    return mp.beta(a, b + mp.mpf(t) ** c) / mp.beta(a, b)


def residual(a, b, c, n, d):
    x = 1 / (1 + mp.mpf(d))
    sn = closed_survival(a, b, c, n)
    total, k = mp.mpf(0), 0
    while True:
        term = closed_survival(a, b, c, n + 1 + k) / sn * x ** k
        total += term
        if term < mp.mpf(10) ** -28:
            return total
        k += 1


def loglik(alive, a, b, c):
    s = [closed_survival(a, b, c, t) for t in range(len(alive))]
    ll = sum((alive[t - 1] - alive[t]) * mp.log(s[t - 1] - s[t]) for t in range(1, len(alive)))
    return ll + alive[-1] * mp.log(s[-1])


def fmt(v):
    return '' if v is None else mp.nstr(v, 20, min_fixed=-30, max_fixed=30)


def row(kind, a, b, c, t=None, n=None, d=None, value=None, check=None, grad=()):
    g = list(grad) + [None] * (3 - len(grad))
    print(','.join([kind, fmt(a), fmt(b), fmt(c), '' if t is None else str(t), '' if n is None else str(n),
                    fmt(d), fmt(value), fmt(check)] + [fmt(v) for v in g]))


print('kind,alpha,beta,c,t,n,d,value,check,g1,g2,g3')
params = [(mp.mpf('0.704'), mp.mpf('1.182'), mp.mpf(1)), (mp.mpf('0.668'), mp.mpf('3.806'), mp.mpf(1)),
          (mp.mpf('2.5'), mp.mpf('0.3'), mp.mpf('0.6')), (mp.mpf('0.4'), mp.mpf('7'), mp.mpf('1.7')),
          (mp.mpf('30'), mp.mpf('120'), mp.mpf('0.85'))]
for a, b, c in params:
    for t in [1, 2, 3, 7, 20, 100]:
        row('survival', a, b, c, t=t, value=mp.log(survival(a, b, c, t)))
        row('churn', a, b, c, t=t, value=mp.log(survival(a, b, c, t - 1) - survival(a, b, c, t)))
    for d in ['0.1', '0.02']:
        dd = mp.mpf(d)
        x = 1 / (1 + dd)
        dl = 1 + x * residual(a, b, c, 0, dd)
        row('del', a, b, c, d=dd, value=dl, check=mp.hyp2f1(1, b, a + b, x) if c == 1 else None)
        for n in [0, 3, 10]:
            v = residual(a, b, c, n, dd)
            chk = (b + n) / (a + b + n) * mp.hyp2f1(1, b + n + 1, a + b + n + 1, x) if c == 1 else None
            row('derl', a, b, c, n=n, d=dd, value=v, check=chk)
for name, alive in [('regular', REGULAR), ('highend', HIGHEND)]:
    for a, b, c in [(mp.mpf('0.704'), mp.mpf('1.182'), mp.mpf(1)), (mp.mpf('0.668'), mp.mpf('3.806'), mp.mpf(1)),
                    (mp.mpf('1.3'), mp.mpf('2.1'), mp.mpf('0.7'))]:
        f = lambda la, lb, lc: loglik(alive, mp.exp(la), mp.exp(lb), mp.exp(lc))
        p = (mp.log(a), mp.log(b), mp.log(c))
        grad = [mp.diff(f, p, tuple(1 if i == j else 0 for i in range(3))) for j in range(3)]
        row('loglik-' + name, a, b, c, value=f(*p), grad=grad)
