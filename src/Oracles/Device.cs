namespace BindingConformance.Oracles;

/// <summary>Device names as they appear in test names, traits and reports.</summary>
public static class Device
{
    public const string Cpu = "cpu";
    public const string Cuda = "cuda";

    public static IReadOnlyList<string> All { get; } = [Cpu, Cuda];
}
