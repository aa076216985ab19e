using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Clv.Probabilistic.Data;

/// <summary>
/// A large array one step has finished with, offered to a later step as scratch space of another element type: its
/// pages are mapped already, where a fresh array's first write to each page traps into the kernel, which clears it
/// (see <see cref="FreshMemory"/>; about 1.3–1.8 ms a megabyte on the project's virtual machine even with 2 MiB pages).
/// The array is held weakly, so keeping the owner of the offer alive does not keep the memory; it can be taken once.
/// </summary>
internal sealed class SpareMemory
{
    private WeakReference<Array>? _array;
    private readonly long _bytes;

    private SpareMemory(Array array, long bytes)
    {
        _array = new WeakReference<Array>(array);
        _bytes = bytes;
    }

    /// <summary>Offers the memory of <paramref name="array"/>, which its owner no longer reads or writes.</summary>
    public static SpareMemory Of<T>(T[] array) where T : unmanaged => new(array, (long)array.Length * Unsafe.SizeOf<T>());

    /// <summary>
    /// <paramref name="length"/> elements of scratch space: the spare memory (its content left as it was) when it is still
    /// there, large enough and not taken yet; otherwise null.
    /// </summary>
    public Scratch<T>? TryTake<T>(int length) where T : unmanaged
    {
        if ((long)length * Unsafe.SizeOf<T>() > _bytes) return null;
        var taken = Interlocked.Exchange(ref _array, null);
        return taken is not null && taken.TryGetTarget(out var array) ? new Scratch<T>(array, length, zeroed: false) : null;
    }
}

/// <summary>Scratch space of <see cref="Length"/> elements of <typeparamref name="T"/>: a fresh array, or memory another step finished with.</summary>
internal sealed class Scratch<T> where T : unmanaged
{
    private readonly Array _memory;

    internal Scratch(Array memory, int length, bool zeroed)
    {
        _memory = memory;
        Length = length;
        Zeroed = zeroed;
    }

    /// <summary>Fresh zeroed memory (advised for 2 MiB pages when large).</summary>
    public static Scratch<T> Fresh(int length) => new(FreshMemory.Array<T>(length), length, zeroed: true);

    /// <summary>Spare memory when there is enough, else fresh memory.</summary>
    public static Scratch<T> From(SpareMemory? spare, int length) => spare?.TryTake<T>(length) ?? Fresh(length);

    public int Length { get; }

    /// <summary>Whether every element is zero from the start; otherwise the content is whatever the memory held.</summary>
    public bool Zeroed { get; }

    public Span<T> Span => MemoryMarshal.CreateSpan(ref Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(_memory)), Length);
}
