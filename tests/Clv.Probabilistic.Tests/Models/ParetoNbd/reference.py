#!/usr/bin/env python3
"""Reference values of the Pareto/NBD model computed with mpmath (30 digits) from the defining integrals.

Regenerate (from this folder):  python3 reference.py > reference.csv
(python3-mpmath 1.3.0). Nothing here uses a hypergeometric function or the library's formulas:

  likelihood   L = Γ(r+x) α^r β^s / Γ(r) · [ (α+T)^-(r+x) (β+T)^-s + s ∫_{t_x}^{T} (α+τ)^-(r+x) (β+τ)^-(s+1) dτ ]
               (the individual likelihood λ^x e^{-(λ+μ)T} + λ^x μ ∫_{t_x}^{T} e^{-(λ+μ)τ} dτ mixed over the Gamma priors);
  gradient     ∂ ln L / ∂θ, θ = (ln r, ln α, ln s, ln β), by mpmath.diff of the above;
  P(alive)     the first term over the bracket;
  E[Y(t)]      ∫∫ λ/μ (1 − e^{-μt}) λ^x e^{-(λ+μ)T} g(λ; r, α) g(μ; s, β) dλ dμ / (bracketed likelihood · Γ-factors),
               as a product of two one-dimensional integrals over the Gamma densities;
  P(X(t)=n)    ∫∫ [e^{-μt} Pois(n; λt) + ∫_0^t μ e^{-μτ} Pois(n; λτ) dτ] g(λ) g(μ), with the λ-mixture in closed form
               (negative binomial) and the τ-integral by quadrature.
Rows: kind,r,alpha,s,beta,x,tx,T,t,n,value,d_lnr,d_lnalpha,d_lns,d_lnbeta (unused columns empty).
"""
import mpmath as mp

mp.mp.dps = 30


def integral_in_log(f, lo, hi, c):
    """∫_lo^hi f(τ) dτ in w = ln(c + τ), Gauss-Legendre on 256 equal panels."""
    g = lambda w: f(mp.exp(w) - c) * mp.exp(w)
    return mp.quad(g, mp.linspace(mp.log(c + lo), mp.log(c + hi), 257), method='gauss-legendre')


def loglik(r, a, s, b, x, tx, T):
    head = mp.loggamma(r + x) - mp.loggamma(r) + r * mp.log(a) + s * mp.log(b)
    first = (a + T) ** (-(r + x)) * (b + T) ** (-s)
    if T > tx:
        f = lambda u: (a + u) ** (-(r + x)) * (b + u) ** (-(s + 1))
        integral = integral_in_log(f, tx, T, a)
        check = integral_in_log(f, tx, T, b)
        assert abs(integral - check) <= mp.mpf(10) ** -18 * integral, (r, a, s, b, x, tx, T)
    else:
        integral = 0
    return head + mp.log(first + s * integral)


def gradient(r, a, s, b, x, tx, T):
    th = [mp.log(r), mp.log(a), mp.log(s), mp.log(b)]
    g = []
    for j in range(4):
        def f(v, j=j):
            t = list(th)
            t[j] = v
            return loglik(mp.exp(t[0]), mp.exp(t[1]), mp.exp(t[2]), mp.exp(t[3]), x, tx, T)
        g.append(mp.diff(f, th[j]))
    return g


def gamma_pdf(v, shape, rate):
    return mp.exp(shape * mp.log(rate) + (shape - 1) * mp.log(v) - rate * v - mp.loggamma(shape))


def alive_and_expectation(r, a, s, b, x, tx, T, t):
    lik = mp.exp(loglik(r, a, s, b, x, tx, T))
    # alive branch: λ^x e^{-λT} e^{-μT}
    lam_alive = mp.quad(lambda l: l ** x * mp.exp(-l * T) * gamma_pdf(l, r, a), [0, 1, 10, mp.inf])
    mu_alive = mp.quad(lambda m: mp.exp(-m * T) * gamma_pdf(m, s, b), [0, 1, 10, mp.inf])
    alive = lam_alive * mu_alive / lik
    lam_y = mp.quad(lambda l: l ** (x + 1) * mp.exp(-l * T) * gamma_pdf(l, r, a), [0, 1, 10, mp.inf])
    mu_y = mp.quad(lambda m: -mp.expm1(-m * t) / m * mp.exp(-m * T) * gamma_pdf(m, s, b), [0, 1, 10, mp.inf])
    return alive, lam_y * mu_y / lik


def pmf(r, a, s, b, t, n):
    def nb(u):
        if u == 0:
            return mp.mpf(1) if n == 0 else mp.mpf(0)
        return mp.exp(mp.loggamma(r + n) - mp.loggamma(r) - mp.loggamma(n + 1) + r * mp.log(a / (a + u)) + n * mp.log(u / (a + u)))
    # E_μ[e^{-μt}] = (β/(β+t))^s, E_μ[μ e^{-μτ}] = s β^s (β+τ)^-(s+1)
    first = nb(t) * (b / (b + t)) ** s
    second = mp.quad(lambda u: nb(u) * s * b ** s * (b + u) ** (-(s + 1)), mp.linspace(0, t, 9))
    return first + second


def fmt(v):
    return mp.nstr(v, 20, min_fixed=-mp.inf, max_fixed=mp.inf) if v != '' else ''


def row(kind, r, a, s, b, x='', tx='', T='', t='', n='', value='', grad=('', '', '', '')):
    print(','.join([kind] + [fmt(v) if not isinstance(v, str) else v for v in (r, a, s, b, x, tx, T, t, n, value)] +
                   [fmt(g) if not isinstance(g, str) else g for g in grad]))


print('kind,r,alpha,s,beta,x,tx,T,t,n,value,d_lnr,d_lnalpha,d_lns,d_lnbeta')
M = mp.mpf
params = [
    (M('0.553'), M('10.578'), M('0.606'), M('11.669')),   # CDNOW (alpha < beta)
    (M('0.553'), M('11.669'), M('0.606'), M('10.578')),   # alpha > beta
    (M('1.3'), M('7.25'), M('2.1'), M('7.25')),           # alpha = beta
    (M('1.3'), M('7.25'), M('2.1'), M('7.2500001')),      # alpha ≈ beta
    (M('0.08'), M('400'), M('0.09'), M('0.05')),          # alpha >> beta
    (M('12'), M('0.06'), M('0.1'), M('300')),             # alpha << beta
    (M('0.2'), M('2.5'), M('5'), M('40')),
]
histories = [(0, 0, 38.86), (2, 30.43, 38.86), (1, 0.5, 77.0), (7, 35.0, 35.0), (25, 12.5, 60.25),
             (150, 80.0, 90.0), (1000, 95.5, 99.0)]
for (r, a, s, b) in params:
    for (x, tx, T) in histories:
        tx, T = M(str(tx)), M(str(T))
        v = loglik(r, a, s, b, x, tx, T)
        row('loglik', r, a, s, b, x, tx, T, value=v, grad=gradient(r, a, s, b, x, tx, T))

# CDNOW customer 1 (x = 2, t_x = 30.43, T = 38.86) at the published estimate; horizon 39 weeks.
r, a, s, b = M('0.553'), M('10.578'), M('0.606'), M('11.669')
for (x, tx, T) in [(2, M('30.43'), M('38.86')), (0, 0, M('38.86')), (10, M('5'), M('70'))]:
    alive, ey = alive_and_expectation(r, a, s, b, x, tx, T, M(39))
    row('alive', r, a, s, b, x, tx, T, value=alive)
    row('expected', r, a, s, b, x, tx, T, t=M(39), value=ey)
for (t, n) in [(M(1), 0), (M(13), 0), (M(13), 2), (M(52), 1), (M(52), 10), (M(260), 0), (M(260), 7), (M(260), 40)]:
    row('pmf', r, a, s, b, t=t, n=n, value=pmf(r, a, s, b, t, n))
