using Clv.Probabilistic.Data;
using Clv.Probabilistic.Persistence;

namespace Clv.Probabilistic.Cli;

/// <summary>
/// Reports expected failures of a command (bad input, unreadable files) as one line on standard error with a non-zero
/// exit code, instead of a stack trace. Unexpected exceptions (bugs) still propagate.
/// </summary>
internal static class CliErrors
{
    /// <summary>
    /// A parser message in plain words: "Cannot parse argument 'abc' for option '--draws' as expected type
    /// 'System.Nullable`1[System.Int32]'" becomes "'abc' for option '--draws' is not a whole number."
    /// </summary>
    public static string PlainParseError(string message)
    {
        var match = System.Text.RegularExpressions.Regex.Match(message,
            @"^Cannot parse argument '(?<value>.*)' for (?<what>option|argument) '(?<name>[^']*)' as expected type '(?<type>[^']*)'\.?$");
        if (!match.Success) return message;
        string type = match.Groups["type"].Value;
        string expected = type switch
        {
            _ when type.Contains("System.Int32", StringComparison.Ordinal) || type.Contains("System.Int64", StringComparison.Ordinal) => "a whole number",
            _ when type.Contains("System.Double", StringComparison.Ordinal) => "a number",
            _ when type.Contains("System.DateOnly", StringComparison.Ordinal) => "a date (yyyy-MM-dd)",
            _ when type.Contains("System.Boolean", StringComparison.Ordinal) => "true or false",
            _ => "a valid value",
        };
        return $"'{match.Groups["value"].Value}' for {match.Groups["what"].Value} '{match.Groups["name"].Value}' is not {expected}.";
    }

    /// <summary>Exit code for invalid input or options and unreadable or unwritable files.</summary>
    public const int InputError = 1;

    /// <summary>Exit code for a fit that did not converge (the optimiser stopped early, or the chains disagree).</summary>
    public const int NotConverged = 2;

    /// <summary>Exit code for a fit whose parameters the data do not identify (a parameter ran towards a limit).</summary>
    public const int NotIdentified = 3;

    /// <summary>Exit code for a computation that did not converge (a series, fraction or quadrature reached its bound).</summary>
    public const int NumericalError = 4;

    /// <summary>Runs a command's action, turning expected failures into <c>clv &lt;command&gt;: error: message</c>.</summary>
    public static int Run(string commandName, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is ClvDataException or ArgumentException or FormatException or IOException
                                      or UnauthorizedAccessException or ModelFileException)
        {
            Error(commandName, e.Message);
            return InputError;
        }
        catch (ArithmeticException e)
        {
            // A computation that reports non-convergence (for example model parameters outside the supported range)
            // instead of looping or returning a guess.
            Error(commandName, e.Message);
            return NumericalError;
        }
    }

    /// <summary>Writes an error line on standard error: <c>clv &lt;command&gt;: error: message</c>.</summary>
    public static void Error(string commandName, string message, bool prefixed = false) =>
        Console.Error.WriteLine($"{(prefixed ? "" : "clv ")}{commandName}: error: {OneLine(message)}");

    /// <summary>Writes a warning line on standard error: <c>clv &lt;command&gt;: WARNING: message</c>.</summary>
    public static void Warn(string commandName, string message) =>
        Console.Error.WriteLine($"clv {commandName}: WARNING: {OneLine(message)}");

    /// <summary>
    /// Writes a status line (what was read or written, and where) on standard error, never on standard output: the
    /// output of a command can be piped or written to <c>-</c> or <c>/dev/stdout</c> and stays clean data.
    /// </summary>
    public static void Status(string message) => (StatusWriter ?? Console.Error).WriteLine(StandardStreams.Describe(message));

    /// <summary>Where status lines go instead of standard error (tests keep them apart from errors and warnings); null: standard error.</summary>
    internal static TextWriter? StatusWriter { get; set; }

    private static string OneLine(string message) => StandardStreams.Describe(message.ReplaceLineEndings(" ").Trim());
}
