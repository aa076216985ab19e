"""The four whole-process tasks of benchmarks/whole-process.sh done with the Python reference library lifetimes.

Run by benchmarks/whole-process-vs-lifetimes.sh with lifetimes (and autograd) on PYTHONPATH; nothing of lifetimes is
kept in this repository. Each task is one process that reads its input, does the work and writes the columns the
matching clv command writes:

  fit      S1M OUT.pkl                  BG/NBD fit (days), model saved with lifetimes' own save_model (dill)
  predict  BG.pkl S1M DAYS OUT.csv      customer_id,expected_purchases,p_alive
  ggclv    BG.pkl S1M GG.pkl OUT.csv    Gamma-Gamma fit (saved) and customer_id,expected_purchases,p_alive,
                                        expected_spend,clv over 12 months at 1% a month (lifetimes' own CLV)
  summarize TX OBS_END OUT.csv          customer_id,frequency,recency,T,monetary_value in weeks of 7 days
  compare  DIR                          prints how the clv and lifetimes outputs in DIR agree (not timed)

With LIFETIMES_COMPUTE_LOG set, predict appends the seconds of its in-memory computation alone (E[Y] and P(alive)
from arrays already read) to that file.
"""
import os
import sys
import time

import numpy as np
import pandas as pd

DAYS_PER_YEAR = 365.25


def fit(summary_path, model_path):
    from lifetimes import BetaGeoFitter

    data = pd.read_csv(summary_path)
    model = BetaGeoFitter().fit(data["frequency"], data["recency"], data["T"])
    model.save_model(model_path, save_data=False, save_generate_data_method=False)


def load_purchase_model(model_path):
    from lifetimes import BetaGeoFitter

    model = BetaGeoFitter()
    model.load_model(model_path)
    return model


def predict(model_path, summary_path, horizon_days, output_path):
    model = load_purchase_model(model_path)
    data = pd.read_csv(summary_path)
    started = time.perf_counter()
    expected = model.conditional_expected_number_of_purchases_up_to_time(
        float(horizon_days), data["frequency"], data["recency"], data["T"])
    alive = model.conditional_probability_alive(data["frequency"], data["recency"], data["T"])
    elapsed = time.perf_counter() - started
    log = os.environ.get("LIFETIMES_COMPUTE_LOG")
    if log:
        with open(log, "a") as out:
            out.write("predict in-memory E[Y] + P(alive): %.3f s\n" % elapsed)
    pd.DataFrame({"customer_id": data["customer_id"], "expected_purchases": expected,
                  "p_alive": alive}).to_csv(output_path, index=False)


def gamma_gamma_clv(model_path, summary_path, spend_model_path, output_path):
    from lifetimes import GammaGammaFitter

    purchase = load_purchase_model(model_path)
    data = pd.read_csv(summary_path)
    repeat = data[data["frequency"] > 0]
    spend = GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])
    spend.save_model(spend_model_path, save_data=False, save_generate_data_method=False)
    frequency, recency, age = data["frequency"], data["recency"], data["T"]
    expected_spend = spend.conditional_expected_average_profit(frequency, data["monetary_value"])
    # lifetimes' own valuation: time in months of 30 days (freq "D"), the rate discounting each month's purchases.
    clv = spend.customer_lifetime_value(purchase, frequency, recency, age, data["monetary_value"],
                                        time=12, discount_rate=0.01, freq="D")
    expected = purchase.conditional_expected_number_of_purchases_up_to_time(DAYS_PER_YEAR, frequency, recency, age)
    alive = purchase.conditional_probability_alive(frequency, recency, age)
    pd.DataFrame({"customer_id": data["customer_id"], "expected_purchases": expected, "p_alive": alive,
                  "expected_spend": expected_spend, "clv": clv.values}).to_csv(output_path, index=False)


def summarize(transactions_path, observation_end, output_path):
    from lifetimes.utils import summary_data_from_transaction_data

    transactions = pd.read_csv(transactions_path)
    # freq "D" with freq_multiplier 7: day-level purchase dates, recency and T in weeks of 7 days (lifetimes' own
    # documented way to get exact, not whole-week, values).
    summary = summary_data_from_transaction_data(
        transactions, "customer_id", "date", monetary_value_col="amount",
        observation_period_end=observation_end, freq="D", freq_multiplier=7)
    summary.index.name = "customer_id"
    summary[["frequency", "recency", "T", "monetary_value"]].to_csv(output_path)


def describe(name, ours, theirs):
    ours, theirs = np.asarray(ours, dtype=float), np.asarray(theirs, dtype=float)
    scale = np.maximum(np.abs(ours), 1e-12)
    relative = np.abs(theirs - ours) / scale
    print("%-22s max |diff| %.3g, max rel %.3g, median rel %.3g, lifetimes/clv of the totals %.5f" % (
        name, np.max(np.abs(theirs - ours)), np.max(relative), np.median(relative), theirs.sum() / ours.sum()))


def compare(directory):
    join = lambda name: os.path.join(directory, name)
    ours, theirs = pd.read_csv(join("p.csv")), pd.read_csv(join("lt-p.csv"))
    both = ours.merge(theirs, on="customer_id", suffixes=("", "_lt"))
    print("predict (E[Y(30 days)], P(alive)), %d customers in both" % len(both))
    describe("expected_purchases", both["expected_purchases"], both["expected_purchases_lt"])
    describe("p_alive", both["p_alive"], both["p_alive_lt"])

    ours, theirs = pd.read_csv(join("clv.csv")), pd.read_csv(join("lt-clv.csv"))
    both = ours.merge(theirs, on="customer_id", suffixes=("", "_lt"))
    print("Gamma-Gamma + 12-month CLV, %d customers in both" % len(both))
    for column in ("expected_purchases", "p_alive", "expected_spend", "clv"):
        describe(column, both[column], both[column + "_lt"])
    print(both.sample(5, random_state=1)[["customer_id", "expected_spend", "expected_spend_lt", "clv", "clv_lt"]]
          .to_string(index=False))

    ours, theirs = pd.read_csv(join("summary.csv")), pd.read_csv(join("lt-summary.csv"))
    both = ours.merge(theirs, on="customer_id", suffixes=("", "_lt"))
    print("summary: clv %d customers, lifetimes %d, in both %d" % (len(ours), len(theirs), len(both)))
    for column in ("frequency", "recency", "T", "monetary_value"):
        describe(column, both[column], both[column + "_lt"])
    print(both.sample(5, random_state=1)[["customer_id", "frequency", "frequency_lt", "recency", "recency_lt", "T",
                                          "T_lt", "monetary_value", "monetary_value_lt"]].to_string(index=False))


def main(argv):
    tasks = {"fit": fit, "predict": predict, "ggclv": gamma_gamma_clv, "summarize": summarize, "compare": compare}
    if len(argv) < 2 or argv[1] not in tasks:
        sys.exit("usage: whole-process-lifetimes.py fit|predict|ggclv|summarize|compare ARGS (see the docstring)")
    tasks[argv[1]](*argv[2:])


if __name__ == "__main__":
    main(sys.argv)
