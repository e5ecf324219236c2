namespace BindingConformance.Oracles.InProcess;

/// <summary>
/// A binding that runs inside this process and ships in a package of its own (<see cref="Package"/>), so that a binding's
/// owner references it with the build of the binding they pin (TorchSharp-cpu or a CUDA build; ONNX Runtime CPU or GPU).
/// What the design says of it lives here, so that an application without the package still reports the binding, its cells
/// skipped because the package is absent (<see cref="AbsentPackageOracle"/>).
/// </summary>
/// <param name="Package">The package and assembly that holds the binding's adapter.</param>
/// <param name="EntryType">Full name of the package's <see cref="IInProcessBindingEntry"/>.</param>
/// <param name="NativePackages">The packages that supply the binding's native library, for the fix an absent binding gives.</param>
public sealed record InProcessBinding(
    BindingDescriptor Descriptor,
    string Package,
    string EntryType,
    string NativePackages,
    bool CanTrain,
    IReadOnlyList<ModelFormat> SaveFormats,
    IReadOnlyList<ModelFormat> LoadFormats);
