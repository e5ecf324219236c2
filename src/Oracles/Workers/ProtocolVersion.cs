using System.Globalization;

namespace BindingConformance.Oracles.Workers;

/// <summary>
/// The version of PROTOCOL.md this host speaks, which every worker's <c>hello</c> reports as <c>protocol</c>. A worker of
/// another major version is an absent binding; a newer minor version only adds what this host may ignore.
/// </summary>
public static class ProtocolVersion
{
    public const int Major = 1;

    public const int Minor = 1;

    /// <summary>The first minor version whose <c>step</c> takes K batches and answers gradients (PROTOCOL.md, "Version").</summary>
    public const int MultiStepMinor = 1;

    public static string Current => $"{Major}.{Minor}";

    /// <summary>The minor version of a compatible <paramref name="reported"/> version (<see cref="WhyIncompatible"/> is null).</summary>
    public static int MinorOf(string reported) => int.Parse(reported.Split('.')[1], NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>Why a worker reporting <paramref name="reported"/> cannot serve this host, or null when it can.</summary>
    public static string? WhyIncompatible(string reported)
    {
        var parts = reported.Split('.');
        if (parts.Length != 2 || !parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit)))
            return $"its hello reports protocol '{reported}', which is no MAJOR.MINOR version";
        var major = int.Parse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture);
        return major == Major ? null
            : $"it speaks worker protocol {reported} and this product speaks {Current}: a different major version is not compatible " +
              (major < Major ? "(update the worker to the protocol of src/Oracles/Workers/PROTOCOL.md)" : "(update BindingConformance)");
    }
}
