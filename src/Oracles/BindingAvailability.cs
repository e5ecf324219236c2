namespace BindingConformance.Oracles;

/// <summary>The result of really probing a binding: loading its native library or starting its worker.</summary>
/// <param name="Reason">Why it is unavailable; null when available.</param>
/// <param name="Fix">What a user can do about it; null when available or when nothing can be done here.</param>
public sealed record BindingAvailability(
    BindingDescriptor Binding,
    bool Available,
    string? Version,
    IReadOnlyList<string> Devices,
    string? Reason,
    string? Fix)
{
    public static BindingAvailability Present(BindingDescriptor binding, string version, IReadOnlyList<string> devices) =>
        new(binding, true, version, devices, null, null);

    public static BindingAvailability Absent(BindingDescriptor binding, string reason, string? fix) =>
        new(binding, false, null, [], reason, fix);

    /// <summary>Why <paramref name="device"/> cannot be used with this binding, or null when it can.</summary>
    public string? WhyNot(string device) =>
        !Available ? $"{Binding.Id} not available: {Reason}"
        : Devices.Contains(device) ? null
        : $"{device.ToUpperInvariant()} not available for {Binding.Id}: {DeviceAbsenceReason(device)}";

    private static string DeviceAbsenceReason(string device) =>
        device == Device.Cuda ? "no CUDA device or no CUDA build of this binding" : $"device '{device}' not supported";
}
