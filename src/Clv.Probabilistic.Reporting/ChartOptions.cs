namespace Clv.Probabilistic.Reporting;

/// <summary>
/// Text and size of a chart. Every plot has sensible default labels; a non-null value here replaces the default.
/// </summary>
public sealed record ChartOptions
{
    private readonly int _width = 800;
    private readonly int _height = 500;

    /// <summary>Title above the plot; null keeps the plot's default title.</summary>
    public string? Title { get; init; }

    /// <summary>Label of the horizontal axis; null keeps the default.</summary>
    public string? XLabel { get; init; }

    /// <summary>Label of the vertical axis; null keeps the default.</summary>
    public string? YLabel { get; init; }

    /// <summary>Width in pixels, 100 to 10 000 (default 800).</summary>
    public int Width
    {
        get => _width;
        init => _width = CheckSize(value, nameof(Width));
    }

    /// <summary>Height in pixels, 100 to 10 000 (default 500).</summary>
    public int Height
    {
        get => _height;
        init => _height = CheckSize(value, nameof(Height));
    }

    /// <summary>The default options: 800 by 500 pixels, default labels.</summary>
    public static ChartOptions Default { get; } = new();

    private static int CheckSize(int value, string name) =>
        value is >= 100 and <= 10_000
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} must be between 100 and 10000 pixels.");
}
