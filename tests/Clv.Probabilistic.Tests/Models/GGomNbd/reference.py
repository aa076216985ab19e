#!/usr/bin/env python3
"""Reference values of the GGom/NBD model (Bemmaor & Glady 2012) computed with mpmath (24 digits) from the defining
integrals over the latent purchase rate λ ~ Gamma(r, α) and hazard scale η ~ Gamma(s, β), individual Gompertz survival
S(τ | η) = exp(-η (e^{bτ} - 1)).

Regenerate (from this folder):  python3 reference.py > reference.csv   (python3-mpmath 1.3.0; a few minutes)

  likelihood  L = Γ(r+x) α^r / Γ(r) · [ (α+T)^-(r+x) S(T) + ∫_{t_x}^{T} (α+τ)^-(r+x) f(τ) dτ ],
              S(τ) = (β/(β+e^{bτ}-1))^s, f = -S'; the τ-integral by Gauss-Legendre in w = ln(c + τ),
              c = min(α, min(β, 1)/b), on 128 equal panels, checked against 192 panels in ln(c/4 + τ) (agreement
              to 1e-17 relative asserted at each reported value);
  gradient    ∂ ln L / ∂θ, θ = (ln r, ln α, ln b, ln s, ln β), by mpmath.diff of the above;
  P(alive)    E_λ[λ^x e^{-λT}] E_η[S(T | η)] / L with both expectations by quadrature over the Gamma densities;
  E[Y(t)]     E_λ[λ^{x+1} e^{-λT}] E_η[∫_0^t S(T+u | η) du] / L (a double integral over η and u);
  E[X(t)]     E_λ[λ] E_η[∫_0^t S(u | η) du] (a double integral);
  P(X(t)=n)   NB(n; t) S(t) + ∫_0^t NB(n; τ) f(τ) dτ with NB the λ-mixture of the Poisson count in closed form.
Rows: kind,r,alpha,b,s,beta,x,tx,T,t,n,value,d_lnr,d_lnalpha,d_lnb,d_lns,d_lnbeta (unused columns empty).
"""
import mpmath as mp

mp.mp.dps = 24


def surv(b, s, beta, tau):
    return (beta / (beta + mp.expm1(b * tau))) ** s


def dens(b, s, beta, tau):
    return s * b * mp.exp(b * tau) * beta ** s * (beta + mp.expm1(b * tau)) ** (-(s + 1))


def integral_in_log(f, lo, hi, c, panels):
    """∫_lo^hi f(τ) dτ in w = ln(c + τ), Gauss-Legendre on equal panels."""
    g = lambda w: f(mp.exp(w) - c) * mp.exp(w)
    return mp.quad(g, mp.linspace(mp.log(c + lo), mp.log(c + hi), panels + 1), method='gauss-legendre')


def loglik(r, a, b, s, beta, x, tx, T, check=True):
    head = mp.loggamma(r + x) - mp.loggamma(r) + r * mp.log(a)
    first = (a + T) ** (-(r + x)) * surv(b, s, beta, T)
    if T > tx:
        f = lambda u: (a + u) ** (-(r + x)) * dens(b, s, beta, u)
        c = min(a, min(beta, 1) / b)
        integral = integral_in_log(f, tx, T, c, 128)
        if check:
            other = integral_in_log(f, tx, T, c / 4, 192)
            assert abs(integral - other) <= mp.mpf(10) ** -17 * integral, (r, a, b, s, beta, x, tx, T, integral, other)
    else:
        integral = 0
    return head + mp.log(first + integral)


def gradient(r, a, b, s, beta, x, tx, T):
    th = [mp.log(r), mp.log(a), mp.log(b), mp.log(s), mp.log(beta)]
    g = []
    for j in range(5):
        def f(v, j=j):
            t = list(th)
            t[j] = v
            return loglik(*[mp.exp(u) for u in t], x, tx, T, check=False)
        g.append(mp.diff(f, th[j]))
    return g


def gamma_pdf(v, shape, rate):
    return mp.exp(shape * mp.log(rate) + (shape - 1) * mp.log(v) - rate * v - mp.loggamma(shape))


def eta_expect(fn, s, beta):
    m = s / beta
    return mp.quad(lambda e: fn(e) * gamma_pdf(e, s, beta), [0, m / 100, m, 10 * m, 100 * m, mp.inf])


def alive_and_expectation(r, a, b, s, beta, x, tx, T, t):
    lik = mp.exp(loglik(r, a, b, s, beta, x, tx, T))
    lam = lambda k: mp.quad(lambda l: l ** k * mp.exp(-l * T) * gamma_pdf(l, r, a), [0, 1, 10, mp.inf])
    eT = mp.expm1(b * T)
    alive = lam(x) * eta_expect(lambda e: mp.exp(-e * eT), s, beta) / lik
    rest = lambda e: mp.quad(lambda u: mp.exp(-e * mp.expm1(b * (T + u))), mp.linspace(0, t, 9))
    return alive, lam(x + 1) * eta_expect(rest, s, beta) / lik


def expected_new(r, a, b, s, beta, t):
    rest = lambda e: mp.quad(lambda u: mp.exp(-e * mp.expm1(b * u)), mp.linspace(0, t, 9))
    return r / a * eta_expect(rest, s, beta)


def pmf(r, a, b, s, beta, t, n):
    def nb(u):
        if u == 0:
            return mp.mpf(1) if n == 0 else mp.mpf(0)
        return mp.exp(mp.loggamma(r + n) - mp.loggamma(r) - mp.loggamma(n + 1) + r * mp.log(a / (a + u)) + n * mp.log(u / (a + u)))
    return nb(t) * surv(b, s, beta, t) + mp.quad(lambda u: nb(u) * dens(b, s, beta, u), mp.linspace(0, t, 33))


def fmt(v):
    return mp.nstr(v, 20, min_fixed=-mp.inf, max_fixed=mp.inf) if v != '' else ''


def row(kind, p, x='', tx='', T='', t='', n='', value='', grad=('', '', '', '', '')):
    print(','.join([kind] + [fmt(v) if not isinstance(v, str) else v for v in (*p, x, tx, T, t, n, value)] +
                   [fmt(g) if not isinstance(g, str) else g for g in grad]), flush=True)


print('kind,r,alpha,b,s,beta,x,tx,T,t,n,value,d_lnr,d_lnalpha,d_lnb,d_lns,d_lnbeta')
M = mp.mpf
params = [
    (M('0.55'), M('10.6'), M('0.05'), M('0.6'), M('0.8')),          # CDNOW-like, beta < 1
    (M('1.3'), M('7.25'), M('0.2'), M('2.1'), M('5')),              # beta > 1
    (M('0.55'), M('10.58'), M('1e-6'), M('0.61'), M('1.1669e-5')),  # near the Pareto/NBD limit (beta/b = 11.669)
    (M('0.2'), M('2.5'), M('1.5'), M('0.3'), M('40')),              # b T up to ~150
    (M('0.08'), M('400'), M('0.01'), M('0.09'), M('0.0005')),       # alpha >> beta/b
    (M('12'), M('0.06'), M('0.003'), M('0.1'), M('2')),             # alpha << 1/b
]
histories = [(0, 0, 38.86), (2, 30.43, 38.86), (1, 0.5, 77.0), (7, 35.0, 35.0), (25, 12.5, 60.25), (1000, 95.5, 99.0)]
for p in params:
    for (x, tx, T) in histories:
        tx, T = M(str(tx)), M(str(T))
        row('loglik', p, x, tx, T, value=loglik(*p, x, tx, T), grad=gradient(*p, x, tx, T))

for p in params[:2]:
    for (x, tx, T) in [(2, M('30.43'), M('38.86')), (0, 0, M('38.86')), (10, M('5'), M('70'))]:
        alive, ey = alive_and_expectation(*p, x, tx, T, M(39))
        row('alive', p, x, tx, T, value=alive)
        row('expected', p, x, tx, T, t=M(39), value=ey)
    for t in [M(1), M(39), M(260)]:
        row('mean', p, t=t, value=expected_new(*p, t))
    for (t, n) in [(M(1), 0), (M(13), 2), (M(52), 0), (M(52), 10), (M(260), 7)]:
        row('pmf', p, t=t, n=n, value=pmf(*p, t, n))
