#!/usr/bin/env python3
"""Reference values of the Pareto/NBD DERT (discounted expected residual transactions, continuous discounting at rate
delta) computed with mpmath (40 digits) from the posterior over (lambda, mu), without the confluent hypergeometric U:

  DERT = E[ int_T^inf e^{-delta (tau - T)} lambda 1{alive at tau} dtau | x, t_x, T ]
       = [ int lambda^(x+1) e^{-lambda T} g(lambda; r, alpha) dlambda * int e^{-mu T} / (delta + mu) g(mu; s, beta) dmu ] / L,

L the likelihood (reference.py's loglik, the drop-out integral by quadrature; its definitions are reused from there).
Regenerate (from this folder):  python3 dert_reference.py > dert_reference.csv   (python3-mpmath 1.3.0)
Rows: r,alpha,s,beta,x,tx,T,delta,dert
"""
import mpmath as mp

exec(open('reference.py', encoding='utf-8').read().split("print('kind")[0])
mp.mp.dps = 40


def dert(r, a, s, b, x, tx, T, delta):
    lik = mp.exp(loglik(r, a, s, b, x, tx, T))
    # panels split at multiples of each posterior's mean, where the integrands have their mass
    lam_mean, mu_mean = (r + x + 1) / (a + T), s / (b + T)
    lam = mp.quad(lambda l: l ** (x + 1) * mp.exp(-l * T) * gamma_pdf(l, r, a), [0] + [lam_mean * k for k in (0.25, 0.5, 1, 2, 4, 8)] + [mp.inf])
    mu = mp.quad(lambda m: mp.exp(-m * T) / (delta + m) * gamma_pdf(m, s, b),
                 [0, mp.mpf(1) / 1000] + [mu_mean * k for k in (0.01, 0.1, 0.5, 1, 2, 4, 8, 16)] + [mp.inf])
    return lam * mu / lik


M = mp.mpf
print('r,alpha,s,beta,x,tx,T,delta,dert')
cases = [
    # CDNOW published estimate (weeks), 15% a year as a weekly force of interest, and others
    ((M('0.553'), M('10.578'), M('0.606'), M('11.669')), [M('0.0026876'), M('0.1'), M('1e-5')]),
    ((M('1.3'), M('7.25'), M('2.1'), M('7.25')), [M('0.01'), M('2')]),      # s > 1
    ((M('0.2'), M('2.5'), M('1'), M('40')), [M('0.003')]),                   # s = 1
    ((M('0.8'), M('3'), M('25'), M('200')), [M('0.05')]),                    # large s
]
histories = [(0, 0, M('38.86')), (2, M('30.43'), M('38.86')), (10, M('5'), M('70')), (25, M('60'), M('60.25'))]
for (r, a, s, b), deltas in cases:
    for delta in deltas:
        for (x, tx, T) in histories:
            v = dert(r, a, s, b, x, tx, T, delta)
            print(','.join(mp.nstr(u, 20, min_fixed=-mp.inf, max_fixed=mp.inf) for u in (r, a, s, b, x, tx, T, delta, v)), flush=True)
