namespace BindingConformance.IO;

/// <summary>What a path names, as <c>lstat</c> sees it: a final symbolic link is not followed (<see cref="FileKinds.Of"/>).</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,
    SymbolicLink,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,
}
