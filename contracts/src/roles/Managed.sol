// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";
import {IManaged} from "../interfaces/IManaged.sol";

/// @title Managed
/// @notice Role checks against an OpenZeppelin AccessManager, in ERC-7201 storage (safe in clones).
/// @dev Only immediate permissions count (a role with an execution delay must go through the manager's schedule and
/// `execute`, which calls as the manager itself). The inheriting contract exposes `setAuthority` behind its owner.
abstract contract Managed is IManaged {
    /// @custom:storage-location erc7201:tessera.storage.Managed
    struct ManagedStorage {
        address authority;
    }

    // keccak256(abi.encode(uint256(keccak256("tessera.storage.Managed")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant MANAGED_STORAGE = 0xcc7b2833bc90231b55e409e29155e058a794170e54afef69cebaa8b268d5d300;

    function _managedStorage() private pure returns (ManagedStorage storage $) {
        assembly {
            $.slot := MANAGED_STORAGE
        }
    }

    /// @inheritdoc IManaged
    function authority() public view returns (address) {
        return _managedStorage().authority;
    }

    function _setAuthority(address newAuthority) internal {
        _managedStorage().authority = newAuthority;
        emit AuthorityUpdated(newAuthority);
    }

    /// @dev Whether the authority lets `caller` call the current function (`msg.sig`) on this contract now.
    function _canCall(address caller) internal view returns (bool) {
        address a = _managedStorage().authority;
        if (a == address(0)) return false;
        (bool immediate,) = IAccessManager(a).canCall(caller, address(this), msg.sig);
        return immediate;
    }
}
