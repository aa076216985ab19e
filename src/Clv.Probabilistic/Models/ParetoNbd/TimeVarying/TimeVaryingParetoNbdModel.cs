using Clv.Probabilistic.Data.Covariates.TimeVarying;

namespace Clv.Probabilistic.Models.ParetoNbd.TimeVarying;

/// <summary>
/// Predictions of the Pareto/NBD with time-varying covariates for prepared customers, given each customer's future
/// covariate path (Bachmann, Meierer &amp; Näf 2021, Marketing Science 40(4)).
/// </summary>
/// <remarks>
/// Given the history, a customer is alive at T with P(alive) = E/(E + s I) (<see cref="CustomerLikelihood"/>), and given
/// alive, λ ~ Gamma(r+x, α+A(T)) and μ ~ Gamma(s, β+C(T)) independently (the likelihood given alive factorises), so
/// P(alive at u | alive at T) = ((β+C(T))/(β+C(u)))^s. Hence E[Y(T, T+h]] = P(alive) (r+x)/(α+A(T))
/// ∫_T^{T+h} a(u) ((β+C(T))/(β+C(u)))^s du, in closed form on each future segment (a and c constant); the discounted
/// expectation inserts e^{−δ(u−T)} (continuous discounting at rate δ per time unit), integrated by
/// <see cref="GradedLegendre"/>. With γ = 0 these are the Pareto/NBD's conditional expectation (Schmittlein, Morrison
/// &amp; Colombo 1987, eq. 22) and DERT (Fader, Hardie &amp; Lee 2005) over the horizon.
/// </remarks>
public sealed class TimeVaryingParetoNbdModel
{
    /// <summary>Creates the model.</summary>
    /// <exception cref="ArgumentOutOfRangeException">r, α, s or β lies outside the range the library supports (1e-100 to 1e100).</exception>
    public TimeVaryingParetoNbdModel(TimeVaryingParetoNbdParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        TimeVaryingParetoNbd.Space(parameters.CovariateNames).ThrowIfUnsupported(parameters.ToValues(), "Pareto/NBD with time-varying covariates");
        Parameters = parameters;
    }

    /// <summary>The parameters.</summary>
    public TimeVaryingParetoNbdParameters Parameters { get; }

    /// <summary>P(alive at the calibration end | history) of every customer of <paramref name="data"/>.</summary>
    public double[] ProbabilityAlive(TimeVaryingParetoNbdData data)
    {
        var states = States(data);
        return states.Select(s => s.Alive).ToArray();
    }

    /// <summary>Expected repeat transactions in the <paramref name="horizon"/> time units after the calibration end.</summary>
    /// <param name="data">The customers.</param>
    /// <param name="future">Covariate paths covering the horizon (may be the calibration file if it runs on).</param>
    /// <param name="horizon">Length of the prediction period, in the data's time unit.</param>
    /// <exception cref="Clv.Probabilistic.Data.ClvDataException">A future path is missing or too short.</exception>
    public double[] ConditionalExpectedTransactions(TimeVaryingParetoNbdData data, CovariatePaths future, double horizon) =>
        Future(data, future, horizon, 0);

    /// <summary>
    /// Discounted expected transactions over the <paramref name="horizon"/> after the calibration end, discounted
    /// continuously at <paramref name="discountRate"/> per time unit: E[∫ e^{−δ(u−T)} dN(u)].
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The discount rate is negative or not finite.</exception>
    public double[] DiscountedExpectedTransactions(TimeVaryingParetoNbdData data, CovariatePaths future, double horizon, double discountRate)
    {
        if (!(discountRate >= 0) || !double.IsFinite(discountRate))
            throw new ArgumentOutOfRangeException(nameof(discountRate), discountRate, "The discount rate must be finite and ≥ 0.");
        return Future(data, future, horizon, discountRate);
    }

    private double[] Future(TimeVaryingParetoNbdData data, CovariatePaths future, double horizon, double discountRate)
    {
        ArgumentNullException.ThrowIfNull(future);
        var states = States(data);
        var path = data.FuturePath(future, horizon);
        return FutureExpectations(states, path, discountRate);
    }

    /// <summary>A customer at the calibration end: P(alive), the posterior purchase-rate mean given alive, and β + C(T).</summary>
    internal readonly record struct State(double Alive, double RateMean, double LifetimeScale);

    internal State[] States(TimeVaryingParetoNbdData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckCovariates(data.CovariateNames);
        return States(data.Rows);
    }

    internal State[] States(TimeVaryingRows rows)
    {
        var p = Parameters;
        var path = rows.Path;
        var gammaT = p.GammaTransaction.ToArray();
        var eT = new double[path.VectorCount];
        var eL = new double[path.VectorCount];
        path.Exposures(gammaT, eT);
        path.Exposures(p.GammaLifetime.ToArray(), eL);
        var scratch = new double[CustomerLikelihood.ScratchLength(path.Covariates)];
        var states = new State[rows.Customers];
        for (int i = 0; i < states.Length; i++)
        {
            var term = CustomerLikelihood.Evaluate(p.R, p.Alpha, p.S, p.Beta, gammaT, eT, eL, rows, i, default, scratch);
            if (double.IsNaN(term.Value)) throw new ArithmeticException($"The drop-out integral of customer {i} failed at these parameters.");
            double alive = 1 / (1 + Math.Exp(term.LogOddsDead));
            states[i] = new State(alive, (p.R + rows.X[i]) / (p.Alpha + term.TransactionExposure), p.Beta + term.LifetimeExposure);
        }
        return states;
    }

    internal double[] FutureExpectations(State[] states, CovariateSegments path, double discountRate)
    {
        var p = Parameters;
        var eT = new double[path.VectorCount];
        var eL = new double[path.VectorCount];
        path.Exposures(p.GammaTransaction.ToArray(), eT);
        path.Exposures(p.GammaLifetime.ToArray(), eL);
        var result = new double[states.Length];
        for (int i = 0; i < states.Length; i++)
        {
            double qT = states[i].LifetimeScale, q = qT, elapsed = 0, sum = 0;
            for (int seg = path.Start[i]; seg < path.Start[i + 1]; seg++)
            {
                double h = path.Length[seg], a = eT[path.Vector[seg]], c = eL[path.Vector[seg]];
                sum += a * (discountRate == 0 ? SurvivalIntegral(p.S, qT, q, c, h) : DiscountedSurvivalIntegral(p.S, qT, q, c, h, discountRate, elapsed));
                q += c * h;
                elapsed += h;
            }
            result[i] = states[i].Alive * states[i].RateMean * sum;
        }
        return result;
    }

    /// <summary>∫₀ʰ (q_T/(q + c v))^s dv = (q/c) (q_T/q)^s (1 − (1 + c h/q)^{1−s})/(s − 1), ln(1 + c h/q) at s = 1.</summary>
    internal static double SurvivalIntegral(double s, double qT, double q, double c, double h)
    {
        double l = Math.Log(1 + c * h / q), m = s - 1;
        double factor = m == 0 ? l : -Numerics.LogMath.ExpM1(-m * l) / m;
        return q / c * Math.Exp(s * Math.Log(qT / q)) * factor;
    }

    /// <summary>∫₀ʰ e^{−δ(t₀+v)} (q_T/(q + c v))^s dv by graded Gauss–Legendre.</summary>
    internal static double DiscountedSurvivalIntegral(double s, double qT, double q, double c, double h, double delta, double t0)
    {
        double sum = 0, v = 0, rate = Math.Max(s, 1);
        int pieces = 0;
        while (v < h)
        {
            if (++pieces > GradedLegendre.MaxPieces) throw new ArithmeticException("The discounted survival integral needs too many pieces.");
            double width = GradedLegendre.Piece(0, rate * c / (q + c * v), delta, h - v, out var nodes, out var weights);
            for (int n = 0; n < nodes.Length; n++)
            {
                double vv = v + width * nodes[n];
                sum += weights[n] * width * Math.Exp(-delta * (t0 + vv) + s * Math.Log(qT / (q + c * vv)));
            }
            v = width >= h - v ? h : v + width;
        }
        return sum;
    }

    private void CheckCovariates(IReadOnlyList<string> names)
    {
        if (!names.SequenceEqual(Parameters.CovariateNames, StringComparer.Ordinal))
            throw new ArgumentException($"The data's covariates ({string.Join(", ", names)}) differ from the model's ({string.Join(", ", Parameters.CovariateNames)}).", nameof(names));
    }
}
