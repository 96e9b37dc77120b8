// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Fixture} from "../utils/Fixture.sol";
import {Token} from "../../src/token/Token.sol";
import {ModularCompliance} from "../../src/compliance/ModularCompliance.sol";
import {IToken} from "../../src/interfaces/IToken.sol";
import {ITokenFactory} from "../../src/interfaces/ITokenFactory.sol";

/// @dev A bare asset (no factory rules) with one module under test; `alice2` is a second wallet of alice's identity.
abstract contract ModuleTestBase is Fixture {
    Token internal bare;
    ModularCompliance internal bareCompliance;
    address internal alice2 = makeAddr("alice2");

    function _setUpModule(address module) internal {
        ITokenFactory.AssetParams memory p;
        p.name = "Bare";
        p.symbol = "BARE";
        p.decimals = 18;
        (bare, bareCompliance) = _deploy(p);
        vm.prank(issuer);
        bareCompliance.addModule(module);
        vm.prank(officer);
        registry.registerInvestor(alice2, identityOf(alice), USA, kycExpiry);
    }

    function _configure(address module, bytes memory callData) internal {
        vm.prank(issuer);
        bareCompliance.callModuleFunction(callData, module);
    }

    function _mintBare(address to, uint256 amount) internal {
        vm.prank(issuer);
        bare.mint(to, amount);
    }

    function _send(address from, address to, uint256 amount) internal {
        vm.prank(from);
        bare.transfer(to, amount);
    }

    function _expectRefusal(address from, address to, uint256 amount, uint8 code) internal {
        vm.expectRevert(abi.encodeWithSelector(IToken.TransferNotCompliant.selector, from, to, amount, code));
    }
}
