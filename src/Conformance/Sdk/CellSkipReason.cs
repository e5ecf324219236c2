using BindingConformance.Oracles;

namespace BindingConformance.Sdk;

/// <summary>
/// Why a cell cannot run here, in the oracle's own words, decided before its test body runs. A cell of a declared kind is
/// skipped here only when its binding or device is absent; every other skip is the engine's, as in <c>conformance run</c>
/// (a skipped result becomes a dynamic skip). A theory without a kind gets the checks its axes allow: what the binding
/// cannot do (declared capabilities, checked first because it is free), then what this machine lacks (the probe
/// <c>conformance doctor</c> runs), for its binding and for the reference it names.
/// </summary>
internal static class CellSkipReason
{
    public static string? Of(OracleRegistry registry, CellCoordinates cell, bool requiresTraining)
    {
        if (cell.Kind.Length > 0) return registry.Availability(cell.Binding).WhyNot(cell.Device);
        var reason = WhyNot(registry, cell.Binding, cell, requiresTraining);
        if (reason is not null || cell.Reference.Length == 0 || cell.Reference == cell.Binding) return reason;
        return WhyNot(registry, cell.Reference, cell, requiresTraining) is { } referenceReason
            ? $"reference binding {cell.Reference} cannot run this cell: {referenceReason}"
            : null;
    }

    private static string? WhyNot(OracleRegistry registry, string bindingId, CellCoordinates cell, bool requiresTraining)
    {
        var capabilities = registry.Get(bindingId).Capabilities;
        return (requiresTraining ? capabilities.WhyCannotTrain(bindingId, cell.Model) : null)
            ?? WhyNotFormat(bindingId, capabilities, cell)
            ?? (bindingId == cell.Binding && cell.HasModeAxis ? capabilities.WhyNoExecutionMode(bindingId, cell.Mode) : null)
            ?? registry.Availability(bindingId).WhyNot(cell.Device);
    }

    /// <summary>On a format axis the cell's binding loads the file and its reference saves it.</summary>
    private static string? WhyNotFormat(string bindingId, OracleCapabilities capabilities, CellCoordinates cell)
    {
        if (cell.Format.Length == 0) return null;
        var format = ModelFormatNames.FromWireName(cell.Format);
        return bindingId == cell.Binding ? capabilities.WhyCannotLoad(bindingId, format)
            : capabilities.SaveFormats.Contains(format) ? null
            : $"{bindingId} does not save {cell.Format} files";
    }
}
