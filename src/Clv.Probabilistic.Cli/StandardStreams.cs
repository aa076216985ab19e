using System.Text;

namespace Clv.Probabilistic.Cli;

/// <summary>
/// <c>-</c> as a file: standard input for an option that reads, standard output for an option that writes.
/// </summary>
/// <remarks>
/// Standard input is copied once into a temporary file and the command reads that file with the same readers (and the
/// same checks) as any other: readers that pass over a file twice (the header, then the rows) and the seekable fast
/// readers work unchanged. An output to <c>-</c> is written to a temporary file the same way and copied to standard
/// output when the command succeeds, so a command that fails writes nothing there. From the moment an output is
/// standard output, everything else the command prints (tables, status) goes to standard error: the data stay clean.
/// Messages name the temporary files as <c>-</c> (standard input/output). Paths that are standard input or output
/// under another name (<c>/dev/stdin</c>, <c>/dev/stdout</c>, <c>/dev/fd/0</c>, <c>/dev/fd/1</c>, or a file that is the
/// one standard output is redirected to) are the same as <c>-</c>.
/// </remarks>
internal static class StandardStreams
{
    /// <summary>The name of standard input and output on the command line.</summary>
    public const string Dash = "-";

    /// <summary>
    /// True in the <c>clv</c> process (set by <see cref="Program.Main"/>): the process's own streams are read and written.
    /// Otherwise (tests running commands in-process) standard input is <see cref="Console.In"/> and standard output the
    /// <see cref="Console.Out"/> current when an output claims it.
    /// </summary>
    internal static bool ProcessStreams { get; set; }

    private static string? _folder;
    private static string? _input;
    private static string? _output;
    private static TextWriter? _standardOutput;

    /// <summary>Whether an output of this run is standard output.</summary>
    public static bool OutputClaimed => _output is not null;

    /// <summary>Whether an input of this run is standard input.</summary>
    public static bool InputClaimed => _input is not null;

    /// <summary>
    /// The path to read for an input option: the path itself, or for <c>-</c> a temporary copy of standard input.
    /// </summary>
    /// <exception cref="ArgumentException">A second option reads standard input, or standard input is a terminal.</exception>
    public static string? Input(string? path, string option)
    {
        if (!IsStandardInput(path)) return path;
        if (_input is not null) throw new ArgumentException($"{option} -: standard input is read by another option already; only one option can read it.");
        if (ProcessStreams && !Console.IsInputRedirected)
            throw new ArgumentException($"{option} -: standard input is a terminal; pipe the file in ('... | clv ...' or '< file').");
        _input = Path.Combine(Folder(), "standard-input");
        using (var file = new FileStream(_input, FileMode.CreateNew, FileAccess.Write))
        {
            if (ProcessStreams)
            {
                using var stdin = Console.OpenStandardInput();
                stdin.CopyTo(file);
            }
            else
            {
                var bytes = new UTF8Encoding(false).GetBytes(Console.In.ReadToEnd());
                file.Write(bytes);
            }
        }
        return _input;
    }

    /// <summary>
    /// The path to write for an output option: the path itself, or for <c>-</c> a temporary file copied to standard
    /// output by <see cref="Complete"/>. From here on <see cref="Console.Out"/> is standard error.
    /// </summary>
    /// <exception cref="ArgumentException">A second option writes standard output.</exception>
    public static string Output(string path, string option)
    {
        if (!IsStandardOutput(path)) return path;
        if (_output is not null) throw new ArgumentException($"{option} -: standard output is written by another option already; only one output can be -.");
        _output = Path.Combine(Folder(), "standard-output");
        _standardOutput = Console.Out;
        Console.SetOut(Console.Error);
        return _output;
    }

    /// <summary>The same as <see cref="Output"/> for an optional output.</summary>
    public static string? OptionalOutput(string? path, string option) => path is null ? null : Output(path, option);

    /// <summary>Whether <paramref name="path"/> names standard input.</summary>
    public static bool IsStandardInput(string? path) => path is Dash or "/dev/stdin" or "/dev/fd/0" or "/proc/self/fd/0";

    /// <summary>Whether <paramref name="path"/> names standard output (in the process: also the file it is redirected to).</summary>
    public static bool IsStandardOutput(string? path) => path is Dash or "/dev/stdout" or "/dev/fd/1" or "/proc/self/fd/1"
        || (ProcessStreams && path is not null && Console.IsOutputRedirected && FileIdentity.Same(path, "/dev/stdout"));

    /// <summary>
    /// Ends the run: on success (<paramref name="exitCode"/> 0) copies the output written for <c>-</c> to standard output;
    /// always removes the temporary files and gives <see cref="Console.Out"/> back.
    /// </summary>
    public static int Complete(int exitCode)
    {
        try
        {
            if (_output is not null && _standardOutput is not null)
            {
                Console.SetOut(_standardOutput);
                if (exitCode == 0 && File.Exists(_output)) Copy(_output, _standardOutput);
            }
        }
        finally
        {
            if (_folder is not null)
            {
                try
                {
                    Directory.Delete(_folder, recursive: true);
                }
                catch (IOException)
                {
                    // A temporary folder left behind is harmless.
                }
            }
            (_folder, _input, _output, _standardOutput) = (null, null, null, null);
        }
        return exitCode;
    }

    /// <summary>A message with the temporary files named as the user named them: <c>-</c>.</summary>
    public static string Describe(string message)
    {
        if (_input is not null) message = message.Replace(_input, "- (standard input)", StringComparison.Ordinal);
        if (_output is not null) message = message.Replace(_output, "- (standard output)", StringComparison.Ordinal);
        return message;
    }

    /// <summary>The file name of <paramref name="path"/> for titles, or "standard input" / "standard output".</summary>
    public static string FileName(string path) =>
        path == _input ? "standard input" : path == _output ? "standard output" : Path.GetFileName(path);

    private static void Copy(string path, TextWriter captured)
    {
        if (ProcessStreams)
        {
            using var stdout = Console.OpenStandardOutput();
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            file.CopyTo(stdout, 1 << 16);
            stdout.Flush();
            return;
        }
        captured.Write(File.ReadAllText(path, Encoding.UTF8));
        captured.Flush();
    }

    private static string Folder() => _folder ??= Directory.CreateTempSubdirectory("clv-stdio-").FullName;
}
