// Local git for version-aware annotations (issue 14): the executable behind a safe runner, ref resolution,
// line translation from a deployed commit to the working copy, suspect commits and blame.
export { createGitRunner, DEFAULT_GIT_TIMEOUT_MS, DEFAULT_GIT_MAX_BYTES, type GitRunner, type GitRunOptions, type GitRunnerConfig } from './gitRunner';
export { GitError, isGitError, type GitErrorKind } from './gitErrors';
export { discoverRepository, type RepositoryInfo } from './repository';
export { resolveRefs, resolveFirst, type RefCandidate, type RefKind, type RefResolution, type RefFailure } from './resolveRef';
export { diffFileSince, MAX_HUNKS, type FileDiff } from './fileDiff';
export { LineTranslator, type TranslateRequest, type TranslatedLine, type FileTranslation, type TranslationFailure } from './lineTranslator';
export { suspectCommits, blameLine, type CommitSummary, type BlameLine, type SuspectQuery, type BlameQuery } from './history';
export { VersionLines, type VersionedRequest, type VersionedFile } from './versionLines';
