namespace Clv.Probabilistic.Numerics;

/// <summary>
/// A real number stored as its sign and the natural log of its magnitude, so values far outside the range of
/// <see cref="double"/> can be carried and combined without overflow.
/// </summary>
/// <param name="LogAbs">ln |value|; <see cref="double.NegativeInfinity"/> when the value is zero.</param>
/// <param name="Sign">+1, −1, or 0 for an exact zero.</param>
internal readonly record struct SignedLogValue(double LogAbs, int Sign)
{
    /// <summary>The value as a double; ±∞ when it overflows, 0 when it underflows.</summary>
    public double ToDouble() => Sign == 0 ? 0.0 : Sign * Math.Exp(LogAbs);
}
