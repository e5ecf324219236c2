using System.Globalization;

namespace BindingConformance.Oracles;

/// <summary>
/// The intra-op thread count every binding is asked to use, so that time comparisons are fair:
/// <c>$BINDING_CONFORMANCE_THREADS</c>, unset meaning the binding's own default.
/// </summary>
public static class ThreadSettings
{
    public const string Variable = "BINDING_CONFORMANCE_THREADS";

    /// <summary>The configured count, or null when unset.</summary>
    /// <exception cref="SettingException">The variable is set to something other than a positive integer.</exception>
    public static int? FromEnvironment() =>
        Environment.GetEnvironmentVariable(Variable) switch
        {
            null or "" => null,
            var text when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 => n,
            var text => throw new SettingException($"{Variable}='{text}' is not a positive integer (unset it for each binding's own default)"),
        };
}
