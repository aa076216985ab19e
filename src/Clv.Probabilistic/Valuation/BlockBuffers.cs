namespace Clv.Probabilistic.Valuation;

/// <summary>
/// The memory one worker reuses while it predicts a summary file block by block (<see cref="StreamedPredictions"/>): g
/// kept across every block (<see cref="AliveFactorCache"/>, shared by the workers), and the per-customer columns of its
/// current block, handed out again for its next block, so that a file of any length is predicted without fresh memory
/// (or garbage collections) after the first blocks.
/// </summary>
internal sealed class BlockBuffers(AliveFactorCache factors)
{
    private readonly List<double[]> _columns = [];
    private int _next;

    /// <summary>g of the file's distinct (x, T), shared by the workers.</summary>
    public AliveFactorCache Factors { get; } = factors;

    /// <summary>Starts a block: the columns handed out for the previous block are free again.</summary>
    public void Restart() => _next = 0;

    /// <summary>A column of <paramref name="length"/> values for the current block; what it holds is left over, to be overwritten.</summary>
    public double[] Column(int length)
    {
        if (_next == _columns.Count) _columns.Add(new double[length]);
        else if (_columns[_next].Length != length) _columns[_next] = new double[length];
        return _columns[_next++];
    }
}
