using System.Runtime.InteropServices;

namespace Clv.Probabilistic.Cli;

/// <summary>
/// The checks every command that writes makes before it reads anything: no output is one of the inputs (by any
/// spelling, symbolic or hard link), and no existing output is replaced without <c>--force</c>. The writing itself is
/// atomic (<see cref="Persistence.AtomicFile"/>).
/// </summary>
internal static class OutputFiles
{
    /// <summary>Refuses outputs that are inputs, and existing outputs unless <paramref name="force"/>.</summary>
    /// <param name="inputs">The command's input files by option (null paths are options not given).</param>
    /// <param name="outputs">The files the command will write, by option.</param>
    /// <param name="force">Whether <c>--force</c> was given.</param>
    /// <exception cref="ArgumentException">An output is an input.</exception>
    /// <exception cref="IOException">An output exists and <paramref name="force"/> is false.</exception>
    /// <param name="createsFolder">Whether the command creates the outputs' folder (else it must exist).</param>
    /// <remarks>Spans, not collections: a collection of tuples instantiates generic framework code that ReadyToRun
    /// cannot precompile, compiled at every start of a command.</remarks>
    public static void Check(ReadOnlySpan<(string Option, string? Path)> inputs, ReadOnlySpan<(string Option, string Path)> outputs, bool force,
        bool createsFolder = false)
    {
        foreach (var (option, input) in inputs)
            if (input is not null && Directory.Exists(input))
                throw new ArgumentException($"{option} {input} is a folder, not a file: give the path of the file to read.");
        foreach (var (option, output) in outputs)
        {
            if (Directory.Exists(output))
                throw new ArgumentException($"{option} {output} is a folder, not a file: give the path of the file to write.");
            string folder = Path.GetDirectoryName(Path.GetFullPath(output)) ?? "";
            if (File.Exists(folder))
                throw new ArgumentException($"{option}: {folder} is a file, not a folder.");
            if (!createsFolder && !Directory.Exists(folder))
                throw new ArgumentException($"{option} {output}: the folder {folder} does not exist.");
        }
        foreach (var (outputOption, output) in outputs)
            foreach (var (inputOption, input) in inputs)
                if (input is not null && FileIdentity.Same(input, output))
                    throw new ArgumentException(
                        $"{outputOption} {output} and {inputOption} {input} are the same file ({Path.GetFullPath(input)}): writing the output would destroy the input; choose another {outputOption}.");
        CheckStandardStreams(inputs, outputs);
        if (force) return;
        var existing = new List<string>();
        foreach (var (_, output) in outputs)
            if (File.Exists(output)) existing.Add(output);
        if (existing.Count > 0) throw new IOException(ExistsMessage(existing));
    }

    /// <summary>
    /// <c>-</c> by another name: standard output redirected (<c>&gt;&gt;</c>) to an input file, or standard input read from
    /// an output file, would destroy the input as surely as naming it twice (only the process's own streams are seen).
    /// </summary>
    private static void CheckStandardStreams(ReadOnlySpan<(string Option, string? Path)> inputs, ReadOnlySpan<(string Option, string Path)> outputs)
    {
        if (!StandardStreams.ProcessStreams) return;
        if (StandardStreams.OutputClaimed || Console.IsOutputRedirected)
            foreach (var (option, input) in inputs)
                if (input is not null && FileIdentity.Same(input, "/dev/stdout"))
                    throw new ArgumentException($"standard output is redirected to {option} {input}: writing the output would destroy the input; redirect it to another file.");
        if (StandardStreams.InputClaimed)
            foreach (var (option, output) in outputs)
                if (FileIdentity.Same("/dev/stdin", output))
                    throw new ArgumentException($"standard input is read from {option} {output}: writing the output would destroy the input; choose another {option}.");
    }

    /// <summary>The one wording of every command's refusal to replace existing files.</summary>
    public static string ExistsMessage(IReadOnlyList<string> paths) => paths.Count == 1
        ? $"{paths[0]} already exists: pass --force to replace it."
        : $"{string.Join(", ", paths)} already exist: pass --force to replace them.";
}

/// <summary>Whether two paths name the same file.</summary>
internal static class FileIdentity
{
    /// <summary>
    /// True when both paths name one existing file: on 64-bit Linux by device and inode (which sees through every
    /// spelling, symbolic link and hard link), elsewhere by the full path with every symbolic link resolved.
    /// </summary>
    public static bool Same(string first, string second)
    {
        if (!File.Exists(first) || !File.Exists(second)) return false;
        if (Inode(first) is { } a && Inode(second) is { } b) return a == b;
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return string.Equals(Resolve(first), Resolve(second), comparison);
    }

    /// <summary>The full path with the symbolic links along it resolved.</summary>
    internal static string Resolve(string path)
    {
        string full = Path.GetFullPath(path);
        string root = Path.GetPathRoot(full) ?? "";
        string current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target)
                current = Path.GetFullPath(target.FullName);
        }
        return current;
    }

    /// <summary>Device and inode of an existing file (following symbolic links), or null where they cannot be read.</summary>
    /// <remarks>
    /// .NET has no managed way to read an inode, so this calls <c>stat</c> in the C library. On 64-bit Linux (glibc and
    /// musl, x64 and arm64) <c>struct stat</c> starts with the 64-bit <c>st_dev</c> and <c>st_ino</c>; other systems
    /// compare resolved paths.
    /// </remarks>
    internal static (ulong Device, ulong Inode)? Inode(string path)
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess) return null;
        var buffer = new byte[512];
        byte[] name = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        var (pinnedName, pinnedBuffer) = (GCHandle.Alloc(name, GCHandleType.Pinned), GCHandle.Alloc(buffer, GCHandleType.Pinned));
        try
        {
            if (Stat(pinnedName.AddrOfPinnedObject(), pinnedBuffer.AddrOfPinnedObject()) != 0) return null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
        finally
        {
            pinnedName.Free();
            pinnedBuffer.Free();
        }
        return (BitConverter.ToUInt64(buffer, 0), BitConverter.ToUInt64(buffer, 8));
    }

    // Addresses of pinned arrays (the path as NUL-terminated UTF-8): a call without marshalling needs no stub, which would
    // otherwise be compiled at the start of every command that checks its files.
#pragma warning disable SYSLIB1054 // DllImport keeps the tool free of unsafe code; the call is made once per file.
    [DllImport("libc", EntryPoint = "stat")]
    private static extern int Stat(nint path, nint buffer);
#pragma warning restore SYSLIB1054
}
