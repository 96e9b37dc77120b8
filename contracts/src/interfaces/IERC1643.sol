// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IERC1643
/// @notice ERC-1643 document management: named documents (prospectus, term sheet, audited accounts) attached to the
/// token, each a URI and a hash of its content.
interface IERC1643 {
    /// @notice Emitted when a document is added or changed.
    event DocumentUpdated(bytes32 indexed name, string uri, bytes32 documentHash);
    /// @notice Emitted when a document is removed (with its last URI and hash).
    event DocumentRemoved(bytes32 indexed name, string uri, bytes32 documentHash);

    /// @notice The name is zero or the URI is empty.
    error InvalidDocument(bytes32 name);
    /// @notice No document has this name.
    error DocumentNotFound(bytes32 name);

    /// @notice The document `name`.
    /// @return uri Where to fetch it.
    /// @return documentHash Hash of its content (e.g. keccak256 or sha256 of the file).
    /// @return lastModified When it was last set, unix seconds (0 when there is no such document).
    function getDocument(bytes32 name)
        external
        view
        returns (string memory uri, bytes32 documentHash, uint256 lastModified);

    /// @notice Adds or replaces the document `name`. Owner only.
    /// @dev Reverts with `OwnableUnauthorizedAccount` or `InvalidDocument`.
    function setDocument(bytes32 name, string calldata uri, bytes32 documentHash) external;

    /// @notice Removes the document `name`. Owner only.
    /// @dev Reverts with `OwnableUnauthorizedAccount` or `DocumentNotFound`.
    function removeDocument(bytes32 name) external;

    /// @notice The names of all documents, in no particular order.
    /// @return The names.
    function getAllDocuments() external view returns (bytes32[] memory);
}
