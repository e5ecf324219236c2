using System.Runtime.InteropServices;

namespace BindingConformance;

/// <summary>The machine measurements were taken on; times are only comparable between equal descriptions.</summary>
public static class Machine
{
    public static string Os => RuntimeInformation.OSDescription;

    /// <summary>The processor model from /proc/cpuinfo where there is one, with architecture and logical core count.</summary>
    public static string Cpu { get; } = DescribeCpu();

    private static string DescribeCpu()
    {
        const string cpuInfo = "/proc/cpuinfo";
        var model = File.Exists(cpuInfo)
            ? File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"{model ?? "unknown model"} ({RuntimeInformation.ProcessArchitecture}, {Environment.ProcessorCount} logical)";
    }
}
