using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Cli;

/// <summary>
/// Reports expected failures of a command (bad input, unreadable files) as one line on standard error with a non-zero
/// exit code, instead of a stack trace. Unexpected exceptions (bugs) still propagate.
/// </summary>
internal static class CliErrors
{
    /// <summary>Exit code for invalid input or options and unreadable or unwritable files.</summary>
    public const int InputError = 1;

    /// <summary>Runs a command's action, turning expected failures into <c>clv &lt;command&gt;: error: message</c>.</summary>
    public static int Run(string commandName, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is ClvDataException or ArgumentException or FormatException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"clv {commandName}: error: {OneLine(e.Message)}");
            return InputError;
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
