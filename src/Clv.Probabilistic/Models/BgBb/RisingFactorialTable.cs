namespace Clv.Probabilistic.Models.BgBb;

/// <summary>
/// ln of the rising factorial (a)_k = Γ(a + k)/Γ(a) = Π_{j&lt;k} (a + j) for k = 0..K, and its derivative in a,
/// ψ(a + k) − ψ(a) = Σ_{j&lt;k} 1/(a + j): every Beta-function ratio of the BG/BB likelihood at whole shifts is a sum of
/// three of these, so one table per shape replaces all log-gamma and digamma calls.
/// </summary>
internal sealed class RisingFactorialTable
{
    private readonly double[] _log;
    private readonly double[] _derivative;

    public RisingFactorialTable(int longest)
    {
        _log = new double[longest + 1];
        _derivative = new double[longest + 1];
    }

    /// <summary>ln (a)_k.</summary>
    public double Log(int k) => _log[k];

    /// <summary>∂ ln (a)_k / ∂a.</summary>
    public double Derivative(int k) => _derivative[k];

    /// <summary>Fills the table for shape <paramref name="a"/> &gt; 0.</summary>
    public void Fill(double a)
    {
        double log = 0, derivative = 0;
        _log[0] = 0;
        _derivative[0] = 0;
        for (int k = 1; k < _log.Length; k++)
        {
            double y = a + (k - 1);
            log += Math.Log(y);
            derivative += 1 / y;
            _log[k] = log;
            _derivative[k] = derivative;
        }
    }
}
