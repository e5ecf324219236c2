using BindingConformance.Oracles;

namespace BindingConformance.Sdk;

/// <summary>
/// Why a cell cannot run here, in the oracle's own words: what the binding cannot do (declared
/// capabilities, checked first because it is free), then what this machine lacks (the same probe
/// <c>conformance doctor</c> runs). The reference binding must be able to run the cell too.
/// </summary>
internal static class CellSkipReason
{
    public static string? Of(OracleRegistry registry, CellCoordinates cell, bool requiresTraining)
    {
        var reason = WhyNot(registry, cell.Binding, cell, requiresTraining);
        if (reason is not null || cell.Reference == cell.Binding) return reason;
        return WhyNot(registry, cell.Reference, cell, requiresTraining) is { } referenceReason
            ? $"reference binding {cell.Reference} cannot run this cell: {referenceReason}"
            : null;
    }

    private static string? WhyNot(OracleRegistry registry, string bindingId, CellCoordinates cell, bool requiresTraining)
    {
        var capabilities = registry.Get(bindingId).Capabilities;
        return (requiresTraining ? capabilities.WhyCannotTrain(bindingId, cell.Model) : null)
            ?? WhyNotFormat(bindingId, capabilities, cell)
            // The reference runs the mode the cell's mode must reproduce (an ONNX export is a trace).
            ?? ExecutionMode.WhyUnsupported(bindingId, capabilities, bindingId == cell.Binding ? cell.Mode : ExecutionMode.ReferenceMode(cell.Mode))
            ?? registry.Availability(bindingId).WhyNot(cell.Device);
    }

    /// <summary>On a format axis the cell's binding loads the file and its reference saves it.</summary>
    private static string? WhyNotFormat(string bindingId, OracleCapabilities capabilities, CellCoordinates cell)
    {
        if (cell.Format.Length == 0) return null;
        var format = Enum.GetValues<ModelFormat>().First(f => f.WireName() == cell.Format);
        return bindingId == cell.Binding ? capabilities.WhyCannotLoad(bindingId, format)
            : capabilities.SaveFormats.Contains(format) ? null
            : $"{bindingId} does not save {cell.Format} files";
    }
}
