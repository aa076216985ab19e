"""Expected number of the 11,104 donors with x* = 0..5 donations in the five holdout years, at the published BG/BB
parameters (Fader, Hardie & Shang 2010: alpha 1.204, beta 0.750, gamma 0.657, delta 2.783), summed over the rows of
the donations calibration matrix. An implementation independent of the library's (Python floats, math.lgamma, the
conditional PMF derived by enumerating the number k of holdout opportunities survived). Run once:
python3 donations_holdout_pmf.py ../../../../../src/Clv.Probabilistic/Datasets/Resources/donations_calibration.csv"""
import sys
from math import comb, exp, lgamma

a, b, g, d = 1.204, 0.750, 0.657, 2.783


def lbeta(x, y):
    return lgamma(x) + lgamma(y) - lgamma(x + y)


def likelihood(x, tx, n):
    alive = exp(lbeta(a + x, b + n - x) - lbeta(a, b) + lbeta(g, d + n) - lbeta(g, d))
    dropped = sum(exp(lbeta(a + x, b + tx - x + i) - lbeta(a, b) + lbeta(g + 1, d + tx + i) - lbeta(g, d)) for i in range(n - tx))
    return alive, dropped


def pmf(x, tx, n, horizon, k):
    alive, dropped = likelihood(x, tx, n)
    total = dropped if k == 0 else 0.0
    for j in range(k, horizon + 1):
        survived = exp(lbeta(g + 1, d + n + j) - lbeta(g, d)) if j < horizon else exp(lbeta(g, d + n + horizon) - lbeta(g, d))
        total += comb(j, k) * exp(lbeta(a + x + k, b + n - x + j - k) - lbeta(a, b)) * survived
    return total / (alive + dropped)


rows = [line.strip().split(",") for line in open(sys.argv[1]).readlines()[1:]]
for k in range(6):
    print(k, repr(sum(int(r[3]) * pmf(int(r[0]), int(r[1]), int(r[2]), 5, k) for r in rows)))
