using BindingConformance.Cells;
using BindingConformance.Fixtures;
using BindingConformance.Oracles;
using BindingConformance.Runs;
using BindingConformance.Sdk;

namespace BindingConformance;

/// <summary>
/// The matrix cell a conformance test case is running: its coordinates, the registry that runs it, and
/// how to name and reproduce it. Assertions and snapshots read <see cref="Current"/> to say which cell failed.
/// </summary>
public sealed class ConformanceCell
{
    private static readonly AsyncLocal<ConformanceCell?> current = new();
    private readonly CellCoordinates coordinates;
    private readonly string? fixtureDirectory;
    private ModelFixture? fixture;

    internal ConformanceCell(CellCoordinates coordinates, CellIdentity identity, OracleRegistry registry, string? fixtureDirectory = null)
    {
        this.coordinates = coordinates;
        this.fixtureDirectory = fixtureDirectory;
        Identity = identity;
        Registry = registry;
    }

    /// <summary>The cell whose test is running on this async flow; null outside a conformance theory.</summary>
    public static ConformanceCell? Current
    {
        get => current.Value;
        internal set => current.Value = value;
    }

    public string Model => coordinates.Model;
    public string Binding => coordinates.Binding;
    public string Device => coordinates.Device;
    public string Mode => coordinates.Mode;
    public string Framework => coordinates.Framework;

    /// <summary>
    /// The binding the theory's <see cref="ReferenceBindingAttribute"/> names, else the one the cell's binding is compared with
    /// by default (its framework's default binding, else another framework's: <see cref="CellReferences"/>), else itself.
    /// </summary>
    public string Reference => DeclaredReference ?? CellReferences.ComparedCandidates(Registry, Oracle).FirstOrDefault()?.Binding.Id ?? Binding;

    /// <summary>The binding the theory's <see cref="ReferenceBindingAttribute"/> names; null when it names none.</summary>
    public string? DeclaredReference => coordinates.Reference.Length == 0 ? null : coordinates.Reference;

    /// <summary>The alternate inference backend the cell runs on (<see cref="BackendsAttribute"/>); empty when none.</summary>
    public string Backend => coordinates.Backend;

    /// <summary>The kind of cell the theory declares (<see cref="ConformanceTheoryAttribute.Kind"/>); null when its body judges the cell itself.</summary>
    public CellKind? Kind => coordinates.Kind.Length == 0 ? null : CellKinds.Get(coordinates.Kind);

    /// <summary>The saved-file format the binding loads (wire name); empty when the theory has no format axis.</summary>
    public string Format => coordinates.Format;

    /// <summary>
    /// The committed fixture the binding loads, read from the theory's <see cref="FixturesAttribute"/> manifest when first
    /// asked (in the test body, so a manifest changed since discovery fails this cell with the cause).
    /// </summary>
    public ModelFixture Fixture => fixture ??= FixtureManifest.Read(FixtureDirectory).Get(coordinates.Fixture);

    /// <summary>The folder of the manifest the fixture's paths are relative to.</summary>
    public string FixtureDirectory =>
        fixtureDirectory ?? throw new InvalidOperationException($"{this} has no fixture: its theory declares no [{nameof(FixturesAttribute)[..^9]}]");

    /// <summary>The suite (test assembly) the cell belongs to; the folder of its approved snapshots.</summary>
    public string Suite => Identity.Suite;

    public OracleRegistry Registry { get; }

    public IBindingOracle Oracle => Registry.Get(Binding);

    public IBindingOracle ReferenceOracle => Registry.Get(Reference);

    /// <summary>File-system name of the cell, Verify style: <c>TrainingTheories.Training_model=LeNet5_binding=torchsharp_device=cpu</c>.</summary>
    public string Name => $"{Identity.ClassName}.{Identity.MethodName}_{coordinates.FileSuffix}";

    /// <summary>The command that runs this cell alone.</summary>
    public string ReproduceCommand =>
        $"dotnet test {Identity.ProjectPath} --filter \"FullyQualifiedName={Identity.FullClassName}.{Identity.MethodName}&{coordinates.TraitFilter}\"";

    internal CellIdentity Identity { get; }

    /// <summary>
    /// The engine key of this cell as a cell of <paramref name="kind"/>: the model axis is its subject, a declared reference
    /// of a load kind is its source, and the mode, format and backend axes are its own.
    /// </summary>
    public CellKey KeyFor(CellKind kind) => new(kind, Model, Binding, Device)
    {
        Source = kind.Reference == ReferenceRole.Source ? Reference : null,
        Mode = coordinates.HasModeAxis ? Mode : null,
        Format = Format.Length == 0 ? null : Format,
        Backend = Backend.Length == 0 ? null : Backend,
    };

    public override string ToString() => $"{Identity.MethodName}({coordinates.DisplayArguments})";
}
