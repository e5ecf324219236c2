namespace BindingConformance.Oracles;

/// <summary>The result of really probing a binding: loading its native library or starting its worker.</summary>
/// <param name="Reason">Why it is unavailable; null when available.</param>
/// <param name="Fix">What a user can do about it; null when available or when nothing can be done here.</param>
/// <param name="AbsentDevices">Why each device the binding could have but lacks here is absent, as the binding itself says
/// (a CPU-only build, or a CUDA build that finds no GPU); devices not named get a generic reason.</param>
public sealed record BindingAvailability(
    BindingDescriptor Binding,
    bool Available,
    string? Version,
    IReadOnlyList<string> Devices,
    string? Reason,
    string? Fix,
    IReadOnlyDictionary<string, string> AbsentDevices)
{
    /// <summary>The engine the binding drives, with its version; null when the binding does not say.</summary>
    public BindingEngine? Engine { get; init; }

    public static BindingAvailability Present(
        BindingDescriptor binding, string version, IReadOnlyList<string> devices, IReadOnlyDictionary<string, string>? absentDevices = null) =>
        new(binding, true, version, devices, null, null, absentDevices ?? new Dictionary<string, string>());

    public static BindingAvailability Absent(BindingDescriptor binding, string reason, string? fix) =>
        new(binding, false, null, [], reason, fix, new Dictionary<string, string>());

    /// <summary>Why <paramref name="device"/> cannot be used with this binding, or null when it can.</summary>
    public string? WhyNot(string device) =>
        !Available ? $"{Binding.Id} not available: {Reason}"
        : Devices.Contains(device) ? null
        : $"{device.ToUpperInvariant()} not available for {Binding.Id}: {WhyDeviceAbsent(device)}";

    /// <summary>Why an available binding lacks <paramref name="device"/>: the binding's own words when it gave them.</summary>
    public string WhyDeviceAbsent(string device) =>
        AbsentDevices.GetValueOrDefault(device)
        ?? (device == Device.Cuda ? "no CUDA device or no CUDA build of this binding" : $"device '{device}' not supported");
}
