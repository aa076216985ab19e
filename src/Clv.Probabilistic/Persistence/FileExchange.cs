using System.Runtime.InteropServices;

namespace Clv.Probabilistic.Persistence;

/// <summary>
/// Swaps two files' names in one step on Linux (<c>renameat2</c> with <c>RENAME_EXCHANGE</c>, Linux 3.15 and glibc 2.28
/// on). <see cref="AtomicFile"/> replaces an existing file this way and then deletes the old content under the
/// temporary name: a rename over the file makes ext4 (<c>auto_da_alloc</c>) start writing the new file's pages out and
/// free the old file's blocks inside the rename, 13–25 ms for a 40 MB predictions file here, against 0.1 ms for the swap.
/// </summary>
internal static class FileExchange
{
    private const int CurrentDirectory = -100; // AT_FDCWD
    private const uint Exchange = 2; // RENAME_EXCHANGE

    /// <summary>
    /// Swaps the names <paramref name="first"/> and <paramref name="second"/> (both must exist, on one file system);
    /// false when the system cannot (not Linux, an older C library or kernel, a file system without the swap) or the
    /// swap failed, and then nothing changed.
    /// </summary>
    public static bool TrySwap(string first, string second)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return RenameAt2(CurrentDirectory, first, CurrentDirectory, second, Exchange) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Prepares the call (its marshalling code is made at run time), for a spare core ahead of its first use.</summary>
    public static void Prepare()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            Marshal.Prelink(typeof(FileExchange).GetMethod(nameof(RenameAt2), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not this system's call: TrySwap returns false.
        }
    }

#pragma warning disable SYSLIB1054 // DllImport keeps the library free of unsafe code; the call is made once per file.
    [DllImport("libc", EntryPoint = "renameat2")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int RenameAt2(int fromDirectory, [MarshalAs(UnmanagedType.LPUTF8Str)] string from, int toDirectory,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string to, uint flags);
#pragma warning restore SYSLIB1054
}
