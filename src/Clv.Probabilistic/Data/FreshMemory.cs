using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Clv.Probabilistic.Data;

/// <summary>
/// Asks Linux to back a large new array with 2 MiB pages (transparent huge pages) before it is first written. The
/// first write to each page of fresh memory traps into the kernel, which clears the page; on the project's virtual
/// machine a trap costs about 5 µs, so filling the 40 MB of a million-row summary's columns took more time in the kernel
/// than in the parser. With 2 MiB pages there is one trap where there were 512. Only a hint: where huge pages are off
/// (<c>/sys/kernel/mm/transparent_hugepage/enabled</c> is <c>never</c>), on other systems, or if the call fails, nothing
/// changes; the array's content is never affected.
/// </summary>
internal static class FreshMemory
{
    /// <summary>Arrays smaller than this are left alone (a huge page is 2 MiB; at least one must fit inside).</summary>
    private const long MinimumBytes = 4L << 20;

    private const long HugePage = 2L << 20;

    private const int AdviseHugePage = 14; // MADV_HUGEPAGE

    /// <summary>A new array of <paramref name="length"/> elements, advised as above (zeroed, as every new array).</summary>
    public static T[] Array<T>(int length) where T : unmanaged
    {
        var array = new T[length];
        Advise(array);
        return array;
    }

    /// <summary>Advises the 2 MiB-aligned part of a large array that has not been written yet.</summary>
    public static void Advise<T>(T[] array) where T : unmanaged
    {
        long bytes = (long)array.Length * Unsafe.SizeOf<T>();
        if (bytes < MinimumBytes || !OperatingSystem.IsLinux()) return;
        var handle = GCHandle.Alloc(array, GCHandleType.Pinned);
        try
        {
            long start = handle.AddrOfPinnedObject();
            long from = (start + HugePage - 1) & ~(HugePage - 1), to = (start + bytes) & ~(HugePage - 1);
            if (to > from) _ = Madvise((nint)from, (nuint)(to - from), AdviseHugePage);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not a C library with madvise: nothing to advise.
        }
        finally
        {
            handle.Free();
        }
    }

    /// <summary>
    /// Advises the whole address range the garbage collector has reserved for its heap, so that every large array made
    /// from now on (columns, tables, buffers: all the fresh memory of a command-line run) is backed by 2 MiB pages where
    /// the collector commits 2 MiB at a time. For a process that owns its heap (the command-line tool), once at start;
    /// a library cannot know that its host wants this. Only a hint, as <see cref="Advise{T}"/>; false when nothing was advised.
    /// </summary>
    /// <remarks>
    /// The range is found in <c>/proc/self/maps</c>: the anonymous mappings that run on without a gap from the one
    /// holding a new object (the reservation is one range whose committed and reserved parts show as separate lines).
    /// </remarks>
    public static bool AdviseHeap()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            var probe = new byte[16];
            var handle = GCHandle.Alloc(probe, GCHandleType.Pinned);
            long address;
            try
            {
                address = handle.AddrOfPinnedObject();
            }
            finally
            {
                handle.Free();
            }
            var (from, to) = HeapRange(File.ReadAllBytes("/proc/self/maps"), address);
            return to > from && Madvise((nint)from, (nuint)(to - from), AdviseHugePage) == 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>The anonymous mappings of <paramref name="maps"/> that run on without a gap through <paramref name="address"/>; empty if none holds it.</summary>
    internal static (long From, long To) HeapRange(ReadOnlySpan<byte> maps, long address)
    {
        long from = 0, to = 0;
        while (!maps.IsEmpty)
        {
            int end = maps.IndexOf((byte)'\n');
            var line = end < 0 ? maps : maps[..end];
            maps = end < 0 ? default : maps[(end + 1)..];
            if (!TryParseMapping(line, out long start, out long stop, out bool anonymous)) continue;
            if (!anonymous || start != to)
            {
                if (to > from && address >= from && address < to) return (from, to);
                from = start;
                to = anonymous ? stop : start;
                continue;
            }
            to = stop;
        }
        return to > from && address >= from && address < to ? (from, to) : (0, 0);
    }

    /// <summary>Reads <c>start-end perms offset dev inode [path]</c>; anonymous when there is no path.</summary>
    private static bool TryParseMapping(ReadOnlySpan<byte> line, out long start, out long stop, out bool anonymous)
    {
        start = stop = 0;
        anonymous = false;
        int dash = line.IndexOf((byte)'-'), space = line.IndexOf((byte)' ');
        if (dash <= 0 || space <= dash
            || !long.TryParse(line[..dash], System.Globalization.NumberStyles.AllowHexSpecifier, null, out start)
            || !long.TryParse(line[(dash + 1)..space], System.Globalization.NumberStyles.AllowHexSpecifier, null, out stop))
            return false;
        int fields = 0;
        bool inField = false;
        foreach (byte b in line)
        {
            bool blank = b is (byte)' ' or (byte)'\t';
            if (!blank && !inField) fields++;
            inField = !blank;
        }
        anonymous = fields == 5;
        return true;
    }

    [DllImport("libc", EntryPoint = "madvise")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Madvise(nint address, nuint length, int advice);
}
