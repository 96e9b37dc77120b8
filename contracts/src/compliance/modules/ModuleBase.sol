// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IModularCompliance} from "../../interfaces/IModularCompliance.sol";
import {IToken} from "../../interfaces/IToken.sol";

/// @title ModuleBase
/// @notice Read helpers shared by the module singletons.
abstract contract ModuleBase {
    /// @dev The token bound to `compliance`.
    function _token(address compliance) internal view returns (address) {
        return IModularCompliance(compliance).getTokenBound();
    }

    /// @dev Balance of `wallet` in the token bound to `compliance`, in token base units.
    function _balanceOf(address compliance, address wallet) internal view returns (uint256) {
        return IERC20(_token(compliance)).balanceOf(wallet);
    }

    /// @dev The identity registry used by the token bound to `compliance`.
    function _registry(address compliance) internal view returns (address) {
        return IToken(_token(compliance)).identityRegistry();
    }
}
