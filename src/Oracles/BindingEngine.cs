using System.Globalization;
using System.Text.RegularExpressions;

namespace BindingConformance.Oracles;

/// <summary>
/// The engine a binding drives, with its version (<c>libtorch 1.13.0a0</c>): two bindings of one engine release differ only by
/// their binding's overhead, two of different releases also by their engine.
/// </summary>
/// <param name="Version">The engine's version; null when the binding names the engine but not its version.</param>
public sealed partial record BindingEngine(string Name, string? Version)
{
    /// <summary>
    /// The engine release the version names: its major.minor.patch numbers, a missing one counting as 0, anything after them
    /// left out (<c>1.13.0a0</c> → 1.13.0, <c>1.13.0</c> → 1.13.0, <c>2.10.0.0</c> → 2.10.0); null when the version is missing
    /// or does not start with a number. A build reports the version its source tree names, so one library can be reported
    /// several ways: Debian's libtorch 1.13.1 is <c>1.13.0a0</c> to Python (<c>torch.__version__</c>) and <c>1.13.0</c> to
    /// C++ (<c>TORCH_VERSION</c>); the release numbers are what both say alike.
    /// </summary>
    public System.Version? Release =>
        Version is not null && ReleaseNumbers().Match(Version) is { Success: true } match
            ? new System.Version(Number(match.Groups["major"]), Number(match.Groups["minor"]), Number(match.Groups["patch"]))
            : null;

    /// <summary>
    /// Whether this and <paramref name="other"/> are one engine release, the rule by which time-cost cells tell binding
    /// overhead from engine version: the same engine name and the same <see cref="Release"/>. False for engines of other
    /// names; null when either release is unknown.
    /// </summary>
    public bool? IsSameReleaseAs(BindingEngine other) =>
        Name != other.Name ? false
        : Release is { } release && other.Release is { } otherRelease ? release == otherRelease
        : null;

    /// <summary><c>libtorch 1.13.0a0</c>, as doctor and messages show it.</summary>
    public override string ToString() => $"{Name} {Version ?? "(version not given)"}";

    private static int Number(Group group) => group.Success ? int.Parse(group.Value, NumberStyles.None, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"^(?<major>\d{1,9})(?:\.(?<minor>\d{1,9})(?:\.(?<patch>\d{1,9}))?)?")]
    private static partial Regex ReleaseNumbers();
}
