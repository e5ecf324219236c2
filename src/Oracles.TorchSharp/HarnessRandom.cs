using TorchSharp;
using static TorchSharp.torch;

namespace BindingConformance.Oracles.TorchSharp;

/// <summary>
/// The harness's counter-based generator (<c>docs/harness-randomness.md</c>), as the Python worker's
/// <c>harness_random.py</c> computes it: draw (seed, step, site) gives element i of a tensor the 32-bit value
/// <c>mix(mix(i ⊕ k1) ⊕ k2)</c>, in int64 tensor ops whose products stay below 2^63, so both bindings draw the same
/// masks bit for bit. The test vectors are <c>fixtures/randomness/vectors.json</c>.
/// </summary>
internal static class HarnessRandom
{
    private const long Mask = 0xFFFFFFFF;
    private const long FirstMultiplier = 0x21F0AAAD;
    private const long SecondMultiplier = 0x735A2D97;
    private const uint SeedSalt = 0x9E3779B9;
    private const uint RoundSalt = 0x85EBCA6B;

    /// <summary>2^-24: the top 24 of 32 bits make a float32 in [0, 1) exactly.</summary>
    private const double Unit = 1.0 / 16777216;

    // Scalars handed to libtorch are held for the process (KeptScalars).
    private static readonly Scalar FirstFactor = FirstMultiplier.ToScalar();
    private static readonly Scalar SecondFactor = SecondMultiplier.ToScalar();
    private static readonly Scalar UnitFactor = Unit.ToScalar();

    /// <summary>The spec's bijection of unsigned 32-bit integers.</summary>
    public static uint Mix(uint x)
    {
        x ^= x >> 16;
        x = unchecked((uint)(x * FirstMultiplier));
        x ^= x >> 15;
        x = unchecked((uint)(x * SecondMultiplier));
        return x ^ (x >> 15);
    }

    /// <summary>The two keys of draw (seed, step, site); each argument is taken modulo 2^32.</summary>
    public static (uint First, uint Second) Keys(long seed, long step, long site)
    {
        var first = Mix(Mix(Mix(unchecked((uint)seed) ^ SeedSalt) ^ unchecked((uint)step)) ^ unchecked((uint)site));
        return (first, Mix(first ^ RoundSalt));
    }

    /// <summary>The 32-bit draws of elements 0..count-1, as int64.</summary>
    public static Tensor Bits(long seed, long step, long site, long count, torch.Device device)
    {
        if (count > Mask + 1) throw new OracleException($"the harness generator numbers at most 2^32 elements per draw, got {count}");
        var (first, second) = Keys(seed, step, site);
        using var scope = NewDisposeScope();
        using var stop = count.ToScalar();
        var drawn = MixInPlace(torch.arange(KeptScalars.Zero, stop, KeptScalars.One, ScalarType.Int64, device).bitwise_xor_(Scalar(first, device)));
        return MixInPlace(drawn.bitwise_xor_(Scalar(second, device))).MoveToOuterDisposeScope();
    }

    /// <summary>float32 draws in [0, 1) shaped <paramref name="shape"/>, element i (row-major) being the spec's uniform(seed, step, site, i).</summary>
    public static Tensor Uniform(long seed, long step, long site, long[] shape, torch.Device device)
    {
        using var scope = NewDisposeScope();
        var bits = Bits(seed, step, site, shape.Aggregate(1L, (a, b) => a * b), device);
        return bits.bitwise_right_shift_(Scalar(8, device)).to(ScalarType.Float32).mul_(UnitFactor).view(shape).MoveToOuterDisposeScope();
    }

    private static Tensor MixInPlace(Tensor x)
    {
        using var scope = NewDisposeScope();
        x.bitwise_xor_(x.bitwise_right_shift(Scalar(16, device: x.device)));
        x.mul_(FirstFactor).bitwise_and_(Scalar(Mask, x.device));
        x.bitwise_xor_(x.bitwise_right_shift(Scalar(15, x.device)));
        x.mul_(SecondFactor).bitwise_and_(Scalar(Mask, x.device));
        return x.bitwise_xor_(x.bitwise_right_shift(Scalar(15, x.device)));
    }

    private static Tensor Scalar(long value, torch.Device device) => torch.tensor(value, ScalarType.Int64, device);
}
